import { fitAndMeasure, type MeasuredMetrics } from '../engine/evaluation/measure';
import { createStrategy, fallbackEntry } from '../engine/strategies/registry';
import type { FitProgress, StrategyName } from '../engine/types';
import type { LoadedData } from './load-dataset';
import { encodeBundle } from '../engine/model-bundle';

export interface TrainOptions {
  seed: number;
  /** K of the @K metrics */
  k: number;
  signal?: AbortSignal;
  onProgress?: (p: FitProgress) => void;
}

export interface TrainResult {
  artifact: Uint8Array;
  /** held-out metrics, with NDCG by history length for AUTO */
  metrics: MeasuredMetrics;
  /** fit on all data (the served model), seconds */
  trainedSeconds: number;
  params: Record<string, unknown>;
}

/**
 * One training run: evaluate on a held-out 20% of each user's interactions (fit on the rest), then
 * fit the served model on everything (engine/evaluation/measure.ts, shared with AUTO's own fit).
 */
export async function trainModel(data: LoadedData, strategy: StrategyName, params: Record<string, unknown>, options: TrainOptions): Promise<TrainResult> {
  const { seed, k, signal } = options;
  // validates params before anything heavy runs
  const resolved = createStrategy(strategy, params);
  const measured = await fitAndMeasure(() => createStrategy(strategy, params), data.dataset, {
    k,
    seed,
    signal,
    fallback: () => fallbackEntry().create(),
    onProgress: options.onProgress,
  });
  options.onProgress?.({ stage: 'serializing', progress: 0.97 });
  const artifact = encodeBundle({
    model: measured.model,
    users: data.dataset.users,
    items: data.dataset.items,
    itemKeys: data.catalog.itemKeys,
    titles: data.catalog.titles,
    genres: data.catalog.genres,
  });
  return { artifact, trainedSeconds: measured.fitSeconds, params: { ...resolved.params }, metrics: measured.metrics };
}
