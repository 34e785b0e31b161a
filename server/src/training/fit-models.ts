import { createStrategy } from '../engine/strategies/registry';
import type { Model } from '../engine/types';
import type { Logger } from '../logger';
import { ServingState } from '../services/serving-state';
import { ENGINE_NAME, MODEL_STRATEGIES, type ModelStrategy } from '../services/strategy-names';
import type { LoadedData } from './load-dataset';

/** Fits every strategy on the loaded data and returns a state to serve. */
export async function fitAllModels(
  data: LoadedData,
  logger: Logger,
  options: { seed?: number; params?: Partial<Record<ModelStrategy, Record<string, unknown>>> } = {},
): Promise<ServingState> {
  const models = new Map<ModelStrategy, Model>();
  for (const strategy of MODEL_STRATEGIES) {
    const t0 = Date.now();
    const model = await createStrategy(ENGINE_NAME[strategy], options.params?.[strategy] ?? {}).fit(data.dataset, {
      seed: options.seed ?? 0,
    });
    models.set(strategy, model);
    logger.info({ strategy, seconds: (Date.now() - t0) / 1000 }, 'model fitted');
  }
  return new ServingState(data.dataset, data.catalog, models);
}
