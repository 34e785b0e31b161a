/**
 * User-user similarities for UserCF, computed with sparse products: for a user u, walk u's row and,
 * for each item, that item's column, accumulating into dense per-user accumulators that are reused
 * for every u (only the touched entries are reset). No object per user pair ever exists; each user
 * keeps its best `pool` neighbours in flat typed arrays.
 *
 * Values compared are mean-centred ratings (r - user mean). Implicit-only entries carry no rating,
 * so they add nothing to a rating similarity; on data without any explicit rating, the values are
 * the entries' confidence strengths instead (plain cosine over interactions).
 */
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
}

/** Per-entry values and per-user statistics of the trained matrix, derived deterministically from it. */
export interface CentredMatrix {
  explicit: boolean; // false: the data has no explicit ratings at all
  globalMean: number;
  userMean: Float64Array; // trained users
  colValues: Float32Array; // aligned with the CSC
  normSq: Float64Array; // per trained user, sum of squared values
}

export function userMeanOf(row: Row, fallback: number): number {
  let s = 0;
  let n = 0;
  for (let j = 0; j < row.ratings.length; j++) {
    const r = row.ratings[j];
    if (r === r) { s += r; n++; }
  }
  return n ? s / n : fallback;
}

/** the value an entry contributes to similarities */
export function entryValue(rating: number, weight: number, mean: number, explicit: boolean): number {
  if (!explicit) return entryStrength(weight);
  return rating === rating ? rating - mean : 0;
}

export function centre(m: InteractionMatrix): CentredMatrix {
  const nU = m.baseUsers;
  let sum = 0;
  let n = 0;
  for (let p = 0; p < m.userRatings.length; p++) {
    const r = m.userRatings[p];
    if (r === r) { sum += r; n++; }
  }
  const explicit = n > 0;
  const globalMean = explicit ? sum / n : 0;
  const userMean = new Float64Array(nU);
  const normSq = new Float64Array(nU);
  // the trained rows only (never folded ones): what other users are compared against stays as trained
  for (let u = 0; u < nU; u++) {
    const a = m.userPtr[u];
    const b = m.userPtr[u + 1];
    let rs = 0;
    let rn = 0;
    for (let p = a; p < b; p++) {
      const r = m.userRatings[p];
      if (r === r) { rs += r; rn++; }
    }
    const mu = rn ? rs / rn : globalMean;
    userMean[u] = mu;
    let s = 0;
    for (let p = a; p < b; p++) {
      const x = entryValue(m.userRatings[p], m.userWeights[p], mu, explicit);
      s += x * x;
    }
    normSq[u] = s;
  }
  const colValues = new Float32Array(m.itemUsers.length);
  for (let q = 0; q < colValues.length; q++) {
    colValues[q] = entryValue(m.itemRatings[q], m.itemWeights[q], userMean[m.itemUsers[q]], explicit);
  }
  return { explicit, globalMean, userMean, colValues, normSq };
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
 * The best neighbours of one user (given by its row and mean, so folded-in users work the same way),
 * written best first into outIdx/outSim from `offset`; returns how many were written.
 * `self` (the user's own trained index, or -1) is never its own neighbour.
 */
export function findNeighbours(
  m: InteractionMatrix, c: CentredMatrix, p: NeighbourParams, self: number, row: Row, mean: number,
  scratch: NeighbourScratch, outIdx: Int32Array, outSim: Float32Array, offset: number,
): number {
  const { dot, sqSelf, sqOther, shared, touched } = scratch;
  const { itemPtr, itemUsers } = m;
  const values = c.colValues;
  const pearson = p.similarity === 'pearson';
  let nTouched = 0;
  let selfNormSq = 0;
  for (let j = 0; j < row.items.length; j++) {
    const a = entryValue(row.ratings[j], row.weights[j], mean, c.explicit);
    selfNormSq += a * a;
    const a2 = a * a;
    const item = row.items[j];
    for (let q = itemPtr[item], e = itemPtr[item + 1]; q < e; q++) {
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
  const selfNorm = Math.sqrt(selfNormSq);
  for (let t = 0; t < nTouched; t++) {
    const v = touched[t];
    const n = shared[v];
    if (v !== self && n >= p.minSupport) {
      const denom = pearson ? Math.sqrt(sqSelf[v] * sqOther[v]) : selfNorm * Math.sqrt(c.normSq[v]);
      if (denom > 0) {
        const sim = (dot[v] / denom) * (n / (n + p.shrinkage));
        if (sim > p.minSimilarity) heap.push(v, sim);
      }
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
    outIdx[offset + j] = best[j].item;
    outSim[offset + j] = best[j].score;
  }
  return best.length;
}
