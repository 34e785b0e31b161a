import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { poolOf } from '../data/data-source';
import { ImpressionRepository } from '../data/repositories/impression.repository';
import { InteractionRepository } from '../data/repositories/interaction.repository';
import type { Logger } from '../logger';
import { ApiKeyService } from './api-key.service';
import { CatalogIndex } from './catalog-index';
import { CatalogService } from './catalog.service';
import { ExperimentService } from './experiment.service';
import type { ModelServingService } from './model-serving.service';
import { FeedbackService } from './feedback.service';
import { FeedbackTypeService } from './feedback-type.service';
import { ImpressionService, type ImpressionSettings } from './impressions/impression.service';
import { ModelAdminService } from './model-admin.service';
import { RecommendationService, type RecommendationOptions } from './recommendation.service';
import { createRepositories, type Repositories } from './repositories';
import { StatsService } from './stats.service';
import { TasteMapService } from './taste-map.service';
import { UserService } from './user.service';

/** The process-wide services resolvers call. */
export interface Services {
  /** this process, as named in the notifications it sends (so it can skip its own) */
  instance: string;
  repos: Repositories;
  catalog: CatalogService;
  users: UserService;
  stats: StatsService;
  recommendations: RecommendationService;
  tasteMaps: TasteMapService;
  feedback: FeedbackService;
  feedbackTypes: FeedbackTypeService;
  /** impressions of served lists, attribution of feedback to them, online metrics */
  impressions: ImpressionService;
  keys: ApiKeyService;
  models: ModelAdminService;
  experiments: ExperimentService;
  /** set by the server once models are being served */
  serving?: ModelServingService;
}

/** every list recorded, a day's attribution window, a month kept: the configuration's defaults */
export const DEFAULT_IMPRESSION_SETTINGS: ImpressionSettings = { sampleRate: 1, retentionDays: 30, attributionWindowHours: 24 };

export function createServices(ds: DataSource, options: RecommendationOptions & { writeGroupWaitMs?: number; impressions?: ImpressionSettings; logger?: Logger }): Services {
  const pool = poolOf(ds);
  const repos = createRepositories(ds);
  const instance = randomUUID();
  const recommendations = new RecommendationService(repos, options, new CatalogIndex());
  const feedbackTypes = new FeedbackTypeService(repos.feedbackTypes);
  const impressions = new ImpressionService(new ImpressionRepository(pool), options.impressions ?? DEFAULT_IMPRESSION_SETTINGS, options.logger ?? null);
  const feedback = new FeedbackService(repos, new InteractionRepository(pool), feedbackTypes, { waitMs: options.writeGroupWaitMs ?? 2, maxSize: 2000 });
  feedback.impressions = impressions;
  // writes resolve ids from, and apply what they committed to, what this replica holds in memory
  feedback.memory = {
    userKey: (id) => recommendations.users.get(id)?.row.key,
    itemKey: (id) => recommendations.catalog.keyOf(id),
    applyCommitted: (byUser) => recommendations.applyWrites(byUser, (kind) => feedbackTypes.cachedType(kind)),
  };
  // AUTO requests are assigned to the running experiment's arms from memory; a change of experiment drops cached lists
  const experiments = new ExperimentService(ds);
  recommendations.assignArm = (userId) => experiments.assignment(userId);
  experiments.onChange = () => recommendations.experimentChanged();
  return {
    instance,
    repos,
    catalog: new CatalogService(repos, instance),
    users: new UserService(repos, instance),
    stats: new StatsService(repos),
    recommendations,
    tasteMaps: new TasteMapService(recommendations, repos),
    feedback,
    feedbackTypes,
    impressions,
    keys: new ApiKeyService(ds),
    models: new ModelAdminService(ds),
    experiments,
  };
}
