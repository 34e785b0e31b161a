/**
 * User-user similarities for UserCF, computed with sparse products: for a user u, walk u's row and,
 * for each item, that item's column, accumulating into dense per-user accumulators that are reused
 * for every u (only the touched entries are reset). No object per user pair ever exists; each user
 * keeps its best `pool` neighbours in flat typed arrays.
 *
 * Values compared are centred ratings (see CentredMatrix). Implicit-only entries carry no rating,
 * so they add nothing to a rating similarity; on data without any explicit rating, the values are
 * the entries' confidence strengths instead (plain cosine over interactions).
 *
 * Negative entries (dislikes, see dataset.ts) have a value below zero: on rating data the lowest
 * rating of the data (a dislike is read as the worst rating), on implicit data minus the strength.
 * So a user who dislikes what another likes is less alike (the product subtracts). Two users who both
 * dislike an item are *not* made more alike: a pair of negative entries is left out of the pair's sums
 * altogether (as if not shared): shared dislikes are mostly of what everybody avoids, and would
 * otherwise inflate similarities. (Two low explicit ratings still agree, as Pearson has them.)
 */
import { isNegativeEntry } from '../dataset/dataset';
import { TopK } from '../util/top-k';
import type { InteractionMatrix, Row } from './interaction-matrix';
import { entryStrength } from './item-neighbours';

export type UserSimilarity = 'pearson' | 'cosine';

export interface NeighbourParams {
  similarity: UserSimilarity;
  /** pairs sharing fewer entries than this are not neighbours */
  minSupport: number;
  /** significance weighting: sim *= n / (n + shrinkage), n = shared entries */
  shrinkage: number;
  minSimilarity: number;
  /** neighbours kept per user */
  pool: number;
  /** users per item taking part in similarities (longer columns are thinned) */
  maxRaters: number;
}

export type Centring = 'user-mean' | 'baseline';

/** Pseudo-ratings in the damped baseline (Surprise's ALS baseline defaults). */
const ITEM_REG = 10;
const USER_REG = 15;
const BASELINE_EPOCHS = 3;

/**
 * Per-entry values and per-user / per-item offsets of the trained matrix, derived deterministically
 * from it (so an artifact need not store them). An entry's value is r - userOffset[u] - itemBias[i]:
 * with 'user-mean' centring userOffset is the user's mean and itemBias 0 (KNNWithMeans); with
 * 'baseline' they are the damped global-mean + user + item biases (KNNBaseline).
 */
export interface CentredMatrix {
  explicit: boolean; // false: the data has no explicit ratings at all
  centring: Centring;
  globalMean: number;
  /** lowest rating in the data (0 without ratings): what a dislike counts as on rating data */
  minRating: number;
  userOffset: Float64Array; // trained users
  itemBias: Float64Array;
  colValues: Float32Array; // aligned with the CSC
  normSq: Float64Array; // per trained user, sum of squared values
  /** the columns similarities are computed from: the CSC with long columns thinned (see sampleColumns) */
  simPtr: Int32Array;
  simUsers: Int32Array;
  simValues: Float32Array;
  /** 1 where the sim column's entry is a negative entry; null when the data has none */
  simNegative: Uint8Array | null;
}

/** the aggregates of a centring, enough to centre any row the same way (see centre's `fixed`) */
export type CentreAggregates = Pick<CentredMatrix, 'explicit' | 'globalMean' | 'minRating' | 'itemBias'>;

/** the offset of a (possibly folded-in) user's row, as centre() computes it for trained users */
export function userOffsetOf(c: Pick<CentredMatrix, 'centring' | 'globalMean' | 'itemBias'>, row: Row): number {
  let s = 0;
  let n = 0;
  const base = c.centring === 'baseline';
  for (let j = 0; j < row.ratings.length; j++) {
    const r = row.ratings[j];
    // items new since training have no bias
    if (r === r) {
      s += base ? r - c.globalMean - (c.itemBias[row.items[j]] ?? 0) : r;
      n++;
    }
  }
  if (base) return c.globalMean + s / (n + USER_REG);
  return n ? s / n : c.globalMean;
}

/**
 * The value an entry contributes to similarities and to deviations. A negative entry: the data's
 * lowest rating, centred, on rating data; minus its strength on implicit data.
 */
export function entryValue(rating: number, weight: number, offset: number, explicit: boolean, minRating = 0): number {
  if (isNegativeEntry(rating, weight)) return explicit ? minRating - offset : -entryStrength(-weight);
  if (!explicit) return entryStrength(weight);
  return rating === rating ? rating - offset : 0;
}

/**
 * Centres the trained matrix. `fixed` gives the aggregates instead of learning them from the rows: a
 * model restored after an erasure keeps the ones it was trained with (its rows no longer hold them).
 */
export function centre(m: InteractionMatrix, centring: Centring, maxRaters: number, fixed?: CentreAggregates): CentredMatrix {
  const nU = m.baseUsers;
  const nI = m.nItems;
  let sum = 0;
  let n = 0;
  let lo = Infinity;
  for (let p = 0; p < m.userRatings.length; p++) {
    const r = m.userRatings[p];
    if (r === r) {
      sum += r;
      n++;
      if (r < lo) lo = r;
    }
  }
  const explicit = fixed ? fixed.explicit : n > 0;
  const globalMean = fixed ? fixed.globalMean : explicit ? sum / n : 0;
  const minRating = fixed ? fixed.minRating : explicit ? lo : 0;
  const itemBias = fixed ? fixed.itemBias : new Float64Array(nI);
  const userOffset = new Float64Array(nU);
  // the trained rows only (never folded ones): what other users are compared against stays as trained
  const { userPtr, userItems, userRatings, userWeights, itemPtr, itemUsers, itemRatings } = m;
  const baseline = centring === 'baseline';
  const epochs = fixed ? 0 : baseline && explicit ? BASELINE_EPOCHS : 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let u = 0; u < nU; u++) {
      let s = 0;
      let k = 0;
      for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
        const r = userRatings[p];
        if (r === r) {
          s += baseline ? r - globalMean - itemBias[userItems[p]] : r;
          k++;
        }
      }
      userOffset[u] = baseline ? globalMean + s / (k + USER_REG) : k ? s / k : globalMean;
    }
    if (!baseline) break;
    for (let i = 0; i < nI; i++) {
      let s = 0;
      let k = 0;
      for (let q = itemPtr[i]; q < itemPtr[i + 1]; q++) {
        const r = itemRatings[q];
        if (r === r) {
          s += r - userOffset[itemUsers[q]];
          k++;
        }
      }
      itemBias[i] = s / (k + ITEM_REG);
    }
  }
  if (baseline || fixed) {
    // user offsets consistent with the final item biases, exactly as userOffsetOf computes them
    for (let u = 0; u < nU; u++) {
      const a = userPtr[u];
      const b = userPtr[u + 1];
      userOffset[u] = userOffsetOf(
        { centring, globalMean, itemBias },
        { items: userItems.subarray(a, b), ratings: userRatings.subarray(a, b), weights: userWeights.subarray(a, b) },
      );
    }
  }
  const normSq = new Float64Array(nU);
  for (let u = 0; u < nU; u++) {
    let s = 0;
    for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
      const x = Math.fround(entryValue(userRatings[p], userWeights[p], userOffset[u] + itemBias[userItems[p]], explicit, minRating));
      s += x * x;
    }
    normSq[u] = s;
  }
  const colValues = new Float32Array(itemUsers.length);
  let negatives = false;
  for (let i = 0; i < nI; i++) {
    for (let q = itemPtr[i]; q < itemPtr[i + 1]; q++) {
      colValues[q] = entryValue(itemRatings[q], m.itemWeights[q], userOffset[itemUsers[q]] + itemBias[i], explicit, minRating);
      if (isNegativeEntry(itemRatings[q], m.itemWeights[q])) negatives = true;
    }
  }
  return { explicit, centring, globalMean, minRating, userOffset, itemBias, colValues, normSq, ...sampleColumns(m, colValues, maxRaters, negatives) };
}

/**
 * Similarity work grows with the square of each item's number of users: one blockbuster rated by
 * 28k of 42k users costs 400M pair updates on its own. Columns longer than `maxRaters` are thinned to
 * `maxRaters` evenly spaced users (deterministic; columns are in user order), which bounds the work by
 * items x maxRaters^2 / 2 while keeping every user in many columns. Short columns are kept whole, so on
 * data without long columns (ml-latest-small's longest has 329 users) nothing changes.
 */
function sampleColumns(m: InteractionMatrix, colValues: Float32Array, maxRaters: number, negatives: boolean) {
  const { itemPtr, itemUsers, nItems } = m;
  const negativeAt = (q: number) => (isNegativeEntry(m.itemRatings[q], m.itemWeights[q]) ? 1 : 0);
  let total = 0;
  for (let i = 0; i < nItems; i++) total += Math.min(maxRaters, itemPtr[i + 1] - itemPtr[i]);
  if (total === itemUsers.length) {
    const simNegative = negatives ? Uint8Array.from({ length: total }, (_, q) => negativeAt(q)) : null;
    return { simPtr: itemPtr, simUsers: itemUsers, simValues: colValues, simNegative };
  }
  const simPtr = new Int32Array(nItems + 1);
  const simUsers = new Int32Array(total);
  const simValues = new Float32Array(total);
  const simNegative = negatives ? new Uint8Array(total) : null;
  let o = 0;
  for (let i = 0; i < nItems; i++) {
    const a = itemPtr[i];
    const len = itemPtr[i + 1] - a;
    const keep = Math.min(maxRaters, len);
    for (let j = 0; j < keep; j++) {
      const q = a + Math.floor((j * len) / keep);
      simUsers[o] = itemUsers[q];
      if (simNegative) simNegative[o] = negativeAt(q);
      simValues[o++] = colValues[q];
    }
    simPtr[i + 1] = o;
  }
  return { simPtr, simUsers, simValues, simNegative };
}

/** Dense accumulators sized to the trained users, allocated once per fit (or per foldIn). */
export class NeighbourScratch {
  readonly dot: Float64Array;
  readonly sqSelf: Float64Array;
  readonly sqOther: Float64Array;
  readonly shared: Int32Array;
  readonly touched: Int32Array;

  constructor(nUsers: number) {
    this.dot = new Float64Array(nUsers);
    this.sqSelf = new Float64Array(nUsers);
    this.sqOther = new Float64Array(nUsers);
    this.shared = new Int32Array(nUsers);
    this.touched = new Int32Array(nUsers);
  }
}

/**
 * The best neighbours of one user (given by its row and offset, so folded-in users work the same way),
 * written best first into outIdx/outSim from `at`; returns how many were written.
 * `self` (the user's own trained index, or -1) is never its own neighbour, nor is an `erased` user.
 */
export function findNeighbours(
  c: CentredMatrix,
  p: NeighbourParams,
  self: number,
  row: Row,
  offset: number,
  scratch: NeighbourScratch,
  outIdx: Int32Array,
  outSim: Float32Array,
  at: number,
  erased: ReadonlySet<number> = NO_ONE,
): number {
  const { dot, sqSelf, sqOther, shared, touched } = scratch;
  const { simPtr: itemPtr, simUsers: itemUsers, simValues: values, simNegative: negative } = c;
  const pearson = p.similarity === 'pearson';
  const trainedItems = c.itemBias.length;
  let nTouched = 0;
  let selfNormSq = 0;
  for (let j = 0; j < row.items.length; j++) {
    const item = row.items[j];
    // float32 like the CSC values, so a pair's similarity is the same bits from either side
    const a = Math.fround(entryValue(row.ratings[j], row.weights[j], offset + (c.itemBias[item] ?? 0), c.explicit, c.minRating));
    selfNormSq += a * a;
    // an item new since training has no column: nobody to compare with on it
    if (item >= trainedItems) continue;
    const a2 = a * a;
    // a pair of negative entries is left out (see the file comment)
    const skipNegative = negative !== null && isNegativeEntry(row.ratings[j], row.weights[j]);
    for (let q = itemPtr[item], e = itemPtr[item + 1]; q < e; q++) {
      if (skipNegative && negative[q] === 1) continue;
      const v = itemUsers[q];
      if (shared[v] === 0) touched[nTouched++] = v;
      const b = values[q];
      dot[v] += a * b;
      shared[v]++;
      if (pearson) {
        sqSelf[v] += a2;
        sqOther[v] += b * b;
      }
    }
  }
  const heap = new TopK(p.pool);
  const anyErased = erased.size > 0;
  for (let t = 0; t < nTouched; t++) {
    const v = touched[t];
    const n = shared[v];
    if (v !== self && n >= p.minSupport && !(anyErased && erased.has(v))) {
      const sim = similarity(p, dot[v], pearson ? sqSelf[v] : selfNormSq, pearson ? sqOther[v] : c.normSq[v], n);
      if (sim > p.minSimilarity) heap.push(v, sim);
    }
    dot[v] = 0;
    shared[v] = 0;
    if (pearson) {
      sqSelf[v] = 0;
      sqOther[v] = 0;
    }
  }
  const best = heap.result();
  for (let j = 0; j < best.length; j++) {
    outIdx[at + j] = best[j].item;
    outSim[at + j] = best[j].score;
  }
  return best.length;
}

const NO_ONE: ReadonlySet<number> = new Set();

/** heap order: (sa, ia) is worse than (sb, ib) when less similar, or equally similar with a higher index */
export function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

/** significance-weighted similarity from the accumulated sums; NaN-free (0 when undefined) */
export function similarity(p: NeighbourParams, dot: number, sqA: number, sqB: number, n: number): number {
  const denom = Math.sqrt(sqA) * Math.sqrt(sqB);
  return denom > 0 ? (dot / denom) * (n / (n + p.shrinkage)) : 0;
}
