import type { DataSource } from 'typeorm';
import { poolOf } from '../data/data-source';
import { ItemRepository } from '../data/repositories/item.repository';
import { StatsRepository } from '../data/repositories/stats.repository';
import { UserRepository } from '../data/repositories/user.repository';

export interface Repositories {
  items: ItemRepository;
  users: UserRepository;
  stats: StatsRepository;
}

export function createRepositories(ds: DataSource): Repositories {
  const pool = poolOf(ds);
  return { items: new ItemRepository(pool), users: new UserRepository(pool), stats: new StatsRepository(ds) };
}
