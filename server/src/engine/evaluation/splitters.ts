import type { Dataset } from '../dataset/dataset';
import { createRng, shuffle } from '../util/random';

/**
 * Train/test splits of a dataset's entries. Every split works on CSR positions and builds both
 * halves with `dataset.subset`, so train and test share the vocabularies: index u is the same user
 * in both, and a test user with no train entry is simply an empty row in train.
 */
export interface Split {
  train: Dataset;
  test: Dataset;
}

/** test and train positions of one split, before building the datasets (cheap to inspect in tests) */
export interface SplitPositions {
  train: Int32Array;
  test: Int32Array;
}

function build(dataset: Dataset, p: SplitPositions): Split {
  return { train: dataset.subset(p.train), test: dataset.subset(p.test) };
}

/** positions [0, n) split by a predicate, in position order */
function partition(n: number, isTest: (p: number) => boolean): SplitPositions {
  let nTest = 0;
  const flags = new Uint8Array(n);
  for (let p = 0; p < n; p++)
    if (isTest(p)) {
      flags[p] = 1;
      nTest++;
    }
  const test = new Int32Array(nTest);
  const train = new Int32Array(n - nTest);
  let a = 0;
  let b = 0;
  for (let p = 0; p < n; p++) {
    if (flags[p]) test[a++] = p;
    else train[b++] = p;
  }
  return { train, test };
}

function checkFolds(folds: number, nnz: number): void {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer >= 2, got ${folds}`);
  if (folds > nnz) throw new RangeError(`folds (${folds}) exceeds the number of interactions (${nnz})`);
}

/**
 * Fold assignment of every CSR position: a seeded shuffle of the positions dealt round-robin,
 * so fold sizes differ by at most one and each interaction is in exactly one test fold.
 */
export function kFoldAssignment(nnz: number, folds: number, seed = 0): Uint8Array | Uint16Array {
  checkFolds(folds, nnz);
  const order = new Int32Array(nnz);
  for (let p = 0; p < nnz; p++) order[p] = p;
  shuffle(order, createRng(seed));
  const fold = folds <= 255 ? new Uint8Array(nnz) : new Uint16Array(nnz);
  for (let j = 0; j < nnz; j++) fold[order[j]] = j % folds;
  return fold;
}

/**
 * k-fold cross-validation over interactions, one fold at a time (a generator, so only one
 * fold's train/test pair is alive at once — that matters at millions of interactions).
 */
export function* kFoldSplits(dataset: Dataset, folds: number, seed = 0): Generator<Split> {
  const fold = kFoldAssignment(dataset.nnz, folds, seed);
  for (let f = 0; f < folds; f++)
    yield build(
      dataset,
      partition(dataset.nnz, (p) => fold[p] === f),
    );
}

/** all k folds at once */
export function kFold(dataset: Dataset, folds: number, seed = 0): Split[] {
  return [...kFoldSplits(dataset, folds, seed)];
}

export interface UserHoldoutOptions {
  /** fraction of each user's entries held out (rounded to the nearest count) */
  fraction?: number;
  /** number of each user's entries held out */
  count?: number;
  seed?: number;
}

/**
 * Per-user holdout: a seeded random fraction or count of each user's entries goes to test.
 * Every user keeps at least one train entry (a user with one entry stays wholly in train), because
 * a user absent from train cannot be ranked by any personalized strategy and only measures fallback.
 */
export function userHoldoutPositions(dataset: Dataset, opts: UserHoldoutOptions): SplitPositions {
  const { fraction, count, seed = 0 } = opts;
  if ((fraction === undefined) === (count === undefined)) throw new RangeError('give exactly one of fraction or count');
  if (fraction !== undefined && !(fraction > 0 && fraction < 1)) throw new RangeError(`fraction must be in (0, 1), got ${fraction}`);
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) throw new RangeError(`count must be an integer >= 1, got ${count}`);
  const rng = createRng(seed);
  const isTest = new Uint8Array(dataset.nnz);
  for (let u = 0; u < dataset.nUsers; u++) {
    const start = dataset.userPtr[u];
    const n = dataset.userPtr[u + 1] - start;
    const want = count !== undefined ? count : Math.round(fraction! * n);
    const take = Math.min(want, n - 1);
    if (take <= 0) continue;
    const row = new Int32Array(n);
    for (let j = 0; j < n; j++) row[j] = start + j;
    shuffle(row, rng);
    for (let j = 0; j < take; j++) isTest[row[j]] = 1;
  }
  return partition(dataset.nnz, (p) => isTest[p] === 1);
}

export function userHoldout(dataset: Dataset, opts: UserHoldoutOptions): Split {
  return build(dataset, userHoldoutPositions(dataset, opts));
}

/**
 * Global temporal split: entries at or after the cut time are test. Give the cut as a time, or as
 * the fraction of entries (latest first) to hold out, from which the cut time is derived.
 * Entries sharing the cut time all go to test, so the realized fraction can be slightly larger.
 */
export function temporalPositions(dataset: Dataset, opts: { cutoff: number } | { testFraction: number }): SplitPositions {
  const times = dataset.userTimes;
  let cutoff: number;
  if ('cutoff' in opts) {
    cutoff = opts.cutoff;
  } else {
    const f = opts.testFraction;
    if (!(f > 0 && f < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${f}`);
    if (times.length === 0) return { train: new Int32Array(0), test: new Int32Array(0) };
    const sorted = Float64Array.from(times).sort();
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.floor(sorted.length * (1 - f))));
    cutoff = sorted[idx];
  }
  return partition(dataset.nnz, (p) => times[p] >= cutoff);
}

export function temporalSplit(dataset: Dataset, opts: { cutoff: number } | { testFraction: number }): Split {
  return build(dataset, temporalPositions(dataset, opts));
}

/**
 * Per-user temporal split: each user's latest n entries are test (ties in time broken by position,
 * which is item order). As with the holdout, every user keeps at least one train entry.
 */
export function lastNPerUserPositions(dataset: Dataset, n: number): SplitPositions {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be an integer >= 1, got ${n}`);
  const times = dataset.userTimes;
  const isTest = new Uint8Array(dataset.nnz);
  for (let u = 0; u < dataset.nUsers; u++) {
    const start = dataset.userPtr[u];
    const len = dataset.userPtr[u + 1] - start;
    const take = Math.min(n, len - 1);
    if (take <= 0) continue;
    const row = Array.from({ length: len }, (_, j) => start + j);
    row.sort((a, b) => times[b] - times[a] || b - a);
    for (let j = 0; j < take; j++) isTest[row[j]] = 1;
  }
  return partition(dataset.nnz, (p) => isTest[p] === 1);
}

export function lastNPerUser(dataset: Dataset, n: number): Split {
  return build(dataset, lastNPerUserPositions(dataset, n));
}
