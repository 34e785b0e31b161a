import type { Pool } from 'pg';
import { ItemRepository } from '../data/repositories/item.repository';
import { StatsRepository } from '../data/repositories/stats.repository';
import { UserRepository } from '../data/repositories/user.repository';

export interface Repositories {
  items: ItemRepository;
  users: UserRepository;
  stats: StatsRepository;
}

export function createRepositories(pool: Pool): Repositories {
  return { items: new ItemRepository(pool), users: new UserRepository(pool), stats: new StatsRepository(pool) };
}
