import type { Pool } from 'pg';
import { CatalogService } from './catalog.service';
import { createRepositories, type Repositories } from './repositories';
import { StatsService } from './stats.service';
import { UserService } from './user.service';

/** The process-wide services resolvers call. */
export interface Services {
  repos: Repositories;
  catalog: CatalogService;
  users: UserService;
  stats: StatsService;
}

export function createServices(pool: Pool): Services {
  const repos = createRepositories(pool);
  return {
    repos,
    catalog: new CatalogService(repos),
    users: new UserService(repos),
    stats: new StatsService(repos),
  };
}
