import type { DataSource } from 'typeorm';
import { poolOf } from '../data/data-source';
import { FeedbackTypeRepository } from '../data/repositories/feedback-type.repository';
import { ItemRepository } from '../data/repositories/item.repository';
import { StatsRepository } from '../data/repositories/stats.repository';
import { UserRepository } from '../data/repositories/user.repository';

export interface Repositories {
  items: ItemRepository;
  users: UserRepository;
  stats: StatsRepository;
  feedbackTypes: FeedbackTypeRepository;
}

export function createRepositories(ds: DataSource): Repositories {
  const pool = poolOf(ds);
  return { items: new ItemRepository(pool), users: new UserRepository(pool), stats: new StatsRepository(ds), feedbackTypes: new FeedbackTypeRepository(ds) };
}
