/**
 * How a served model is measured, shared by training jobs (training/train.ts) and by AUTO's own fit
 * (strategies/auto.ts, hence the eval CLI's `auto` row): fit on 80% of each user's interactions, score
 * the held-out 20% (users it cannot score get the fallback, as serving does), then fit the model that
 * is kept on everything. Metrics are never computed on data the scored model was fit on.
 */
import type { Dataset } from '../dataset/dataset';
import type { HistoryScores } from '../strategies/auto-choice';
import type { FitProgress, Model, Strategy } from '../types';
import { evaluateOnSplit } from './evaluate';
import { metricValues, type MetricValues } from './metric-values';
import { userHoldout } from './splitters';

export const HOLDOUT_FRACTION = 0.2;

/** what a model version stores as its metrics: the @K means, K, and NDCG by history length */
export type MeasuredMetrics = MetricValues & { k: number; byHistory: HistoryScores };

export interface MeasureOptions {
  k: number;
  seed: number;
  signal?: AbortSignal;
  /** popularity, for users the measured model cannot score */
  fallback: () => Strategy;
  /** stage names and 0..1 progress over both fits */
  onProgress?: (p: FitProgress) => void;
}

export interface Measured {
  /** fit on all the data */
  model: Model;
  metrics: MeasuredMetrics;
  /** seconds to fit the kept model */
  fitSeconds: number;
}

export async function fitAndMeasure(create: () => Strategy, data: Dataset, options: MeasureOptions): Promise<Measured> {
  const { k, seed, signal, onProgress } = options;
  const report = (stage: string, progress: number, p?: FitProgress) => onProgress?.({ stage, progress, epoch: p?.epoch, loss: p?.loss });
  report('evaluating: fit on 80%', 0);
  const split = userHoldout(data, { fraction: HOLDOUT_FRACTION, seed });
  const evalModel = await create().fit(split.train, {
    seed,
    signal,
    onProgress: (p) => report('evaluating: fit on 80%', 0.4 * p.progress, p),
  });
  const scores = await evaluateOnSplit(evalModel, split, { k, seed }, { signal, fallback: options.fallback }, (w) => report('evaluating: held-out 20%', 0.4 + 0.1 * w));
  report('fitting on all data', 0.5);
  const t0 = performance.now();
  const model = await create().fit(data, {
    seed,
    signal,
    onProgress: (p) => report('fitting on all data', 0.5 + 0.45 * p.progress, p),
  });
  const fitSeconds = (performance.now() - t0) / 1000;
  signal?.throwIfAborted();
  return { model, fitSeconds, metrics: { k, ...metricValues(scores), byHistory: scores.byHistory } };
}
