/**
 * Evaluation metrics as plain functions of (ranked list, relevant set) or (predictions, truths),
 * in the LensKit style: each one small and checkable by hand (see metrics.test.ts).
 *
 * Ranked lists are dense item indices, best first. Only the first k entries count; a list shorter
 * than k is not padded, but precision still divides by k (an empty slot is a miss).
 */
export type Ranked = ArrayLike<number>;
export type Relevant = ReadonlySet<number>;

function checkK(k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be an integer >= 1, got ${k}`);
}

function checkPairs(pred: ArrayLike<number>, truth: ArrayLike<number>): void {
  if (pred.length !== truth.length) throw new RangeError(`predictions (${pred.length}) and truths (${truth.length}) differ in length`);
}

/** root mean squared error; NaN for no pairs */
export function rmse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkPairs(pred, truth);
  let s = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = pred[i] - truth[i];
    s += d * d;
  }
  return pred.length ? Math.sqrt(s / pred.length) : NaN;
}

/** mean absolute error; NaN for no pairs */
export function mae(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkPairs(pred, truth);
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i] - truth[i]);
  return pred.length ? s / pred.length : NaN;
}

/** number of relevant items among the first k */
export function hitsAtK(ranked: Ranked, relevant: Relevant, k: number): number {
  checkK(k);
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (relevant.has(ranked[i])) hits++;
  return hits;
}

/** relevant items in the top k, divided by k */
export function precisionAtK(ranked: Ranked, relevant: Relevant, k: number): number {
  return hitsAtK(ranked, relevant, k) / k;
}

/** relevant items in the top k, divided by all relevant items; NaN when nothing is relevant */
export function recallAtK(ranked: Ranked, relevant: Relevant, k: number): number {
  if (relevant.size === 0) return NaN;
  return hitsAtK(ranked, relevant, k) / relevant.size;
}

/** 1 when at least one relevant item is in the top k, else 0 */
export function hitRateAtK(ranked: Ranked, relevant: Relevant, k: number): number {
  return hitsAtK(ranked, relevant, k) > 0 ? 1 : 0;
}

/**
 * Normalised discounted cumulative gain with binary gain: DCG = Σ_{hit at rank i (1-based)} 1/log2(i+1),
 * divided by the DCG of an ideal list holding min(|relevant|, k) relevant items first.
 * NaN when nothing is relevant.
 */
export function ndcgAtK(ranked: Ranked, relevant: Relevant, k: number): number {
  checkK(k);
  if (relevant.size === 0) return NaN;
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (relevant.has(ranked[i])) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  const m = Math.min(relevant.size, k);
  for (let i = 0; i < m; i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/**
 * Average precision at k: the mean, over the hits in the top k, of the precision at the hit's rank,
 * normalised by min(|relevant|, k) so that a perfect top-k scores 1 even when more items are relevant.
 * MAP@k is the mean of this over users. NaN when nothing is relevant.
 */
export function averagePrecisionAtK(ranked: Ranked, relevant: Relevant, k: number): number {
  checkK(k);
  if (relevant.size === 0) return NaN;
  let hits = 0;
  let sum = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) {
    if (relevant.has(ranked[i])) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / Math.min(relevant.size, k);
}

/** fraction of the catalog's nItems items that appear in the top k of at least one list */
export function catalogCoverage(lists: Iterable<Ranked>, nItems: number, k: number): number {
  checkK(k);
  if (nItems <= 0) return NaN;
  const seen = new Uint8Array(nItems);
  let distinct = 0;
  for (const list of lists) {
    const n = Math.min(k, list.length);
    for (let i = 0; i < n; i++) {
      const item = list[i];
      if (!seen[item]) {
        seen[item] = 1;
        distinct++;
      }
    }
  }
  return distinct / nItems;
}

/**
 * Novelty: mean self-information −log2(p(i)) of every recommended item (top k of each list), where
 * p(i) = interactionCount[i] / nUsers is the fraction of (training) users who interacted with i.
 * An item no training user touched is counted as if one user had (p = 1/nUsers): the most novel
 * value possible, instead of an infinity that would swamp the mean. NaN for no recommended items.
 */
export function novelty(lists: Iterable<Ranked>, interactionCount: ArrayLike<number>, nUsers: number, k: number): number {
  checkK(k);
  if (!(nUsers > 0)) throw new RangeError(`nUsers must be > 0, got ${nUsers}`);
  let sum = 0;
  let n = 0;
  for (const list of lists) {
    const m = Math.min(k, list.length);
    for (let i = 0; i < m; i++) {
      const c = Math.max(1, interactionCount[list[i]] ?? 0);
      sum += -Math.log2(c / nUsers);
      n++;
    }
  }
  return n ? sum / n : NaN;
}
