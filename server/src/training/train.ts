import { evaluateOnSplit } from '../engine/evaluation/evaluate';
import { metricValues, type MetricValues } from '../engine/evaluation/metric-values';
import { userHoldout } from '../engine/evaluation/splitters';
import { createStrategy } from '../engine/strategies/registry';
import type { FitProgress, StrategyName } from '../engine/types';
import type { LoadedData } from './load-dataset';
import { encodeBundle } from './model-bundle';

export interface TrainOptions {
  seed: number;
  /** K of the @K metrics */
  k: number;
  signal?: AbortSignal;
  onProgress?: (p: FitProgress) => void;
}

export interface TrainResult {
  artifact: Uint8Array;
  metrics: MetricValues & { k: number };
  /** fit on all data (the served model), seconds */
  trainedSeconds: number;
  params: Record<string, unknown>;
}

/**
 * One training run: evaluate on a held-out 20% of each user's interactions (fit on the rest), then
 * fit the served model on everything. Metrics are never computed on the data the model was fit on.
 */
export async function trainModel(
  data: LoadedData, strategy: StrategyName, params: Record<string, unknown>, options: TrainOptions,
): Promise<TrainResult> {
  const { seed, k, signal } = options;
  const report = (stage: string, progress: number, extra: Partial<FitProgress> = {}) =>
    options.onProgress?.({ stage, progress, ...extra });
  // validates params before anything heavy runs
  const resolved = createStrategy(strategy, params);

  report('evaluating: fit on 80%', 0);
  const split = userHoldout(data.dataset, { fraction: 0.2, seed });
  const evalModel = await resolved.fit(split.train, {
    seed,
    signal,
    onProgress: (p) => report('evaluating: fit on 80%', 0.4 * p.progress, { epoch: p.epoch, loss: p.loss }),
  });
  const scores = await evaluateOnSplit(evalModel, split, { k, seed }, { signal, fallback: () => createStrategy('popularity') },
    (w) => report('evaluating: held-out 20%', 0.4 + 0.1 * w));

  report('fitting on all data', 0.5);
  const t0 = performance.now();
  const model = await createStrategy(strategy, params).fit(data.dataset, {
    seed,
    signal,
    onProgress: (p) => report('fitting on all data', 0.5 + 0.45 * p.progress, { epoch: p.epoch, loss: p.loss }),
  });
  const trainedSeconds = (performance.now() - t0) / 1000;
  signal?.throwIfAborted();

  report('serializing', 0.97);
  const artifact = encodeBundle({
    model,
    users: data.dataset.users,
    items: data.dataset.items,
    itemKeys: data.catalog.itemKeys,
    titles: data.catalog.titles,
    genres: data.catalog.genres,
  });
  return {
    artifact,
    trainedSeconds,
    params: { ...resolved.params },
    metrics: { k, ...metricValues(scores) },
  };
}
