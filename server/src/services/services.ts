import type { DataSource } from 'typeorm';
import { poolOf } from '../data/data-source';
import { InteractionRepository } from '../data/repositories/interaction.repository';
import { ApiKeyService } from './api-key.service';
import { CatalogService } from './catalog.service';
import type { ModelServingService } from './model-serving.service';
import { FeedbackService } from './feedback.service';
import { FeedbackTypeService } from './feedback-type.service';
import { ModelAdminService } from './model-admin.service';
import { RecommendationService, type RecommendationOptions } from './recommendation.service';
import { createRepositories, type Repositories } from './repositories';
import { StatsService } from './stats.service';
import { TasteMapService } from './taste-map.service';
import { UserService } from './user.service';

/** The process-wide services resolvers call. */
export interface Services {
  repos: Repositories;
  catalog: CatalogService;
  users: UserService;
  stats: StatsService;
  recommendations: RecommendationService;
  tasteMaps: TasteMapService;
  feedback: FeedbackService;
  feedbackTypes: FeedbackTypeService;
  keys: ApiKeyService;
  models: ModelAdminService;
  /** set by the server once models are being served */
  serving?: ModelServingService;
}

export function createServices(ds: DataSource, options: RecommendationOptions): Services {
  const pool = poolOf(ds);
  const repos = createRepositories(ds);
  const recommendations = new RecommendationService(repos, options);
  const feedbackTypes = new FeedbackTypeService(repos.feedbackTypes);
  return {
    repos,
    catalog: new CatalogService(repos),
    users: new UserService(repos),
    stats: new StatsService(repos),
    recommendations,
    tasteMaps: new TasteMapService(recommendations, repos),
    feedback: new FeedbackService(repos, new InteractionRepository(pool), feedbackTypes),
    feedbackTypes,
    keys: new ApiKeyService(ds),
    models: new ModelAdminService(ds),
  };
}
