import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { CatalogService } from './catalog.service';
import { RecommendationService, type RecommendationOptions } from './recommendation.service';
import { createRepositories, type Repositories } from './repositories';
import { StatsService } from './stats.service';
import { UserService } from './user.service';

/** The process-wide services resolvers call. */
export interface Services {
  repos: Repositories;
  catalog: CatalogService;
  users: UserService;
  stats: StatsService;
  recommendations: RecommendationService;
}

export function createServices(pool: Pool, options: RecommendationOptions, logger: Logger): Services {
  const repos = createRepositories(pool);
  return {
    repos,
    catalog: new CatalogService(repos),
    users: new UserService(repos),
    stats: new StatsService(repos),
    recommendations: new RecommendationService(repos, options, logger),
  };
}
