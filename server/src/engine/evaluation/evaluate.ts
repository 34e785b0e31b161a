import { isNegativeEntry, type Dataset } from '../dataset/dataset';
import type { HistoryScores } from '../strategies/auto-choice';
import type { Model, Strategy, StrategyName } from '../types';
import { averagePrecisionAtK, catalogCoverage, hitRateAtK, mae, ndcgAtK, novelty, precisionAtK, recallAtK, rmse } from './metrics';
import { kFoldSplits, type Split } from './splitters';

/**
 * Cross-validated evaluation of one strategy: k-fold over interactions, fit on each train fold, then
 * rating error on the held-out ratings and top-N accuracy of each user's ranking of all items they did
 * not touch in train. Pure: no file system, no clock other than performance.now for the timings.
 */
export interface EvaluationProtocol {
  folds: number;
  /** length of the ranked list each user gets */
  k: number;
  seed: number;
  /**
   * when set, only held-out entries rated >= this count as relevant (implicit entries never do);
   * a held-out negative entry (a dislike) is never relevant either way
   */
  relevanceThreshold?: number | null;
}

export interface EvaluationProgress {
  fold: number; // 0-based
  folds: number;
  stage: 'fit' | 'evaluate';
  /** overall 0..1 across all folds */
  progress: number;
}

export interface EvaluateOptions {
  signal?: AbortSignal;
  onProgress?: (p: EvaluationProgress) => void;
  /**
   * Strategy used for users the model cannot score (canScore false), fitted on the same train fold
   * only when such a user is met — as serving does. Without it those users get whatever the model's
   * own recommend returns (often nothing, which counts as misses).
   */
  fallback?: () => Strategy;
}

/** the top-N means over users and the rating errors of one fold, or of all folds (means of folds) */
export interface Scores {
  /** null when the model has no predict or made no prediction */
  rmse: number | null;
  mae: number | null;
  precisionAtK: number;
  recallAtK: number;
  ndcgAtK: number;
  mapAtK: number;
  hitRateAtK: number;
  coverage: number;
  novelty: number;
  fitSeconds: number;
  evalSeconds: number;
}

export interface FoldResult extends Scores {
  fold: number;
  /** held-out explicit ratings the model predicted */
  predictions: number;
  /** held-out explicit ratings where predict returned NaN (excluded from RMSE/MAE) */
  impossiblePredictions: number;
  /** users with at least one relevant held-out item: the top-N averages run over them */
  usersEvaluated: number;
  /** of those, users the model could not score (served by the fallback when one is given) */
  usersFallback: number;
  /** NDCG@K sums by the user's history length in train (what AUTO decides by) */
  byHistory: HistoryScores;
}

export interface EvaluationResult extends Scores {
  strategy: StrategyName;
  protocol: EvaluationProtocol;
  /** sums over folds */
  predictions: number;
  impossiblePredictions: number;
  usersEvaluated: number;
  usersFallback: number;
  perFold: FoldResult[];
}

/** how often the evaluation loop yields to the event loop, so an abort from a timer or signal lands */
const YIELD_EVERY_USERS = 64;

const now = (): number => performance.now() / 1000;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function evaluate(createStrategy: () => Strategy, dataset: Dataset, protocol: EvaluationProtocol, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const { folds, k, seed } = protocol;
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be an integer >= 1, got ${k}`);
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const perFold: FoldResult[] = [];
  let strategyName: StrategyName | undefined;
  let fold = 0;
  for (const split of kFoldSplits(dataset, folds, seed)) {
    const strategy = createStrategy();
    strategyName = strategy.name;
    const report = (stage: EvaluationProgress['stage'], within: number) =>
      onProgress?.({ fold, folds, stage, progress: (fold + (stage === 'fit' ? 0.5 * within : 0.5 + 0.5 * within)) / folds });
    report('fit', 0);
    const t0 = now();
    const model = await strategy.fit(split.train, {
      seed: seed + fold,
      signal,
      onProgress: (p) => report('fit', p.progress),
    });
    const fitSeconds = now() - t0;
    signal?.throwIfAborted();
    const t1 = now();
    const scored = await scoreFold(model, split, protocol, options, (within) => report('evaluate', within));
    perFold.push({ fold, fitSeconds, evalSeconds: now() - t1, ...scored });
    fold++;
  }
  return summarize(strategyName!, protocol, perFold);
}

type FoldScores = Omit<FoldResult, 'fold' | 'fitSeconds' | 'evalSeconds'>;

async function scoreFold(model: Model, { train, test }: Split, protocol: EvaluationProtocol, options: EvaluateOptions, report: (within: number) => void): Promise<FoldScores> {
  const { k } = protocol;
  const threshold = protocol.relevanceThreshold ?? null;
  const { signal } = options;

  // rating error over held-out explicit ratings
  const pred: number[] = [];
  const truth: number[] = [];
  let impossible = 0;
  const predict = model.predict?.bind(model);
  if (predict) {
    for (let u = 0; u < test.nUsers; u++) {
      for (let p = test.userPtr[u]; p < test.userPtr[u + 1]; p++) {
        const r = test.userRatings[p];
        if (r !== r) continue; // implicit entry: nothing to compare
        const y = predict(u, test.userItems[p]);
        if (y === y) {
          pred.push(y);
          truth.push(r);
        } else impossible++;
      }
    }
  }

  // top-N over each user's ranking of everything not seen in train
  let fallbackModel: Model | undefined;
  const lists: number[][] = [];
  const sums = { precision: 0, recall: 0, ndcg: 0, ap: 0, hit: 0 };
  let usersEvaluated = 0;
  let usersFallback = 0;
  const byLength = new Map<number, { users: number; ndcgSum: number }>();
  for (let u = 0; u < test.nUsers; u++) {
    if (u % YIELD_EVERY_USERS === 0) {
      report(u / test.nUsers);
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
    const relevant = new Set<number>();
    for (let p = test.userPtr[u]; p < test.userPtr[u + 1]; p++) {
      if (threshold === null ? !isNegativeEntry(test.userRatings[p], test.userWeights[p]) : test.userRatings[p] >= threshold) relevant.add(test.userItems[p]);
    }
    if (relevant.size === 0) continue;
    usersEvaluated++;
    let ranker = model;
    if (!model.canScore(u)) {
      usersFallback++;
      if (options.fallback) {
        fallbackModel ??= await options.fallback().fit(train, { signal });
        ranker = fallbackModel;
      }
    }
    const ranked = ranker.recommend({ user: u, k }).map((s) => s.item);
    lists.push(ranked);
    sums.precision += precisionAtK(ranked, relevant, k);
    sums.recall += recallAtK(ranked, relevant, k);
    const ndcg = ndcgAtK(ranked, relevant, k);
    sums.ndcg += ndcg;
    const length = train.userPtr[u + 1] - train.userPtr[u];
    const at = byLength.get(length) ?? { users: 0, ndcgSum: 0 };
    at.users++;
    at.ndcgSum += ndcg;
    byLength.set(length, at);
    sums.ap += averagePrecisionAtK(ranked, relevant, k);
    sums.hit += hitRateAtK(ranked, relevant, k);
  }
  report(1);

  const itemCounts = new Int32Array(train.nItems);
  for (let i = 0; i < train.nItems; i++) itemCounts[i] = train.itemPtr[i + 1] - train.itemPtr[i];
  let trainUsers = 0;
  for (let u = 0; u < train.nUsers; u++) if (train.userPtr[u + 1] > train.userPtr[u]) trainUsers++;
  const n = usersEvaluated || NaN;
  return {
    rmse: pred.length ? rmse(pred, truth) : null,
    mae: pred.length ? mae(pred, truth) : null,
    precisionAtK: sums.precision / n,
    recallAtK: sums.recall / n,
    ndcgAtK: sums.ndcg / n,
    mapAtK: sums.ap / n,
    hitRateAtK: sums.hit / n,
    coverage: catalogCoverage(lists, train.nItems, k),
    novelty: trainUsers ? novelty(lists, itemCounts, trainUsers, k) : NaN,
    predictions: pred.length,
    impossiblePredictions: impossible,
    usersEvaluated,
    usersFallback,
    byHistory: historyScores(byLength),
  };
}

function historyScores(byLength: Map<number, { users: number; ndcgSum: number }>): HistoryScores {
  const lengths = [...byLength.keys()].sort((a, b) => a - b);
  return {
    lengths,
    users: lengths.map((n) => byLength.get(n)!.users),
    ndcgSum: lengths.map((n) => byLength.get(n)!.ndcgSum),
  };
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** means over folds; a rating error is null when any fold could not produce it */
function meanOrNull(xs: (number | null)[]): number | null {
  return xs.some((x) => x === null) ? null : mean(xs as number[]);
}

function summarize(strategy: StrategyName, protocol: EvaluationProtocol, perFold: FoldResult[]): EvaluationResult {
  const pick = <K extends keyof FoldResult>(key: K) => perFold.map((f) => f[key]);
  const sum = (key: 'predictions' | 'impossiblePredictions' | 'usersEvaluated' | 'usersFallback') => perFold.reduce((s, f) => s + f[key], 0);
  return {
    strategy,
    protocol,
    rmse: meanOrNull(pick('rmse')),
    mae: meanOrNull(pick('mae')),
    precisionAtK: mean(pick('precisionAtK')),
    recallAtK: mean(pick('recallAtK')),
    ndcgAtK: mean(pick('ndcgAtK')),
    mapAtK: mean(pick('mapAtK')),
    hitRateAtK: mean(pick('hitRateAtK')),
    coverage: mean(pick('coverage')),
    novelty: mean(pick('novelty')),
    fitSeconds: mean(pick('fitSeconds')),
    evalSeconds: mean(pick('evalSeconds')),
    predictions: sum('predictions'),
    impossiblePredictions: sum('impossiblePredictions'),
    usersEvaluated: sum('usersEvaluated'),
    usersFallback: sum('usersFallback'),
    perFold,
  };
}

/**
 * Scores an already-fitted model on one train/test split (the model was fit on split.train): what a
 * training job reports for the version it stores, without the cost of k folds.
 */
export async function evaluateOnSplit(
  model: Model,
  split: Split,
  protocol: Omit<EvaluationProtocol, 'folds'>,
  options: EvaluateOptions = {},
  onProgress?: (within: number) => void,
): Promise<FoldScores> {
  return scoreFold(model, split, { ...protocol, folds: 1 }, options, onProgress ?? (() => undefined));
}
