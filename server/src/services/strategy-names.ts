import type { StrategyName } from '../engine/types';

/** GraphQL enum values and the engine's registry names. */
export type ApiStrategy = 'POPULARITY' | 'USER_CF' | 'SVD' | 'AUTO';
export const API_STRATEGIES: readonly ApiStrategy[] = ['POPULARITY', 'USER_CF', 'SVD', 'AUTO'];
/** the strategies with a model of their own; AUTO chooses among them per user */
export type ModelStrategy = Exclude<ApiStrategy, 'AUTO'>;
export const MODEL_STRATEGIES: readonly ModelStrategy[] = ['POPULARITY', 'USER_CF', 'SVD'];

export const ENGINE_NAME: Record<ModelStrategy, StrategyName> = {
  POPULARITY: 'popularity',
  USER_CF: 'usercf',
  SVD: 'svd',
};

export const API_NAME: Record<string, ModelStrategy> = {
  popularity: 'POPULARITY',
  usercf: 'USER_CF',
  svd: 'SVD',
};
