/**
 * User-based collaborative filtering.
 * Fit: each user's best `pool` neighbours by significance-weighted similarity of centred ratings
 * (see user-cf-neighbours.ts). Rating prediction: the user's offset plus the similarity-weighted mean
 * deviation of the `k` most similar pooled neighbours who rated the item, where offsets and deviations
 * come from the damped baseline (KNNBaseline, the default) or from user means (`centring: 'user-mean'`,
 * KNNWithMeans). The mean deviation is damped (`damping` added to the similarity sum), so a few weak
 * neighbours move the prediction less than many strong ones: without it the neighbours' noise made
 * UserCF worse than the baseline alone. 5-fold RMSE on ml-latest-small: 0.876 undamped, 0.849 with the
 * default damping 0.3 (chosen on a validation split), popularity's baseline 0.873.
 * Top-N: the `k` nearest neighbours vote for what they interacted with (implicit entries included, by confidence).
 *
 * Negative entries (dislikes, see dataset.ts): in similarities, see user-cf-neighbours.ts (a dislike
 * of what the other likes makes two users less alike; shared dislikes add nothing). In top-N, a
 * neighbour's negative entry votes against the item (minus its strength, see signedStrength), so a
 * dislike lowers that item's score for everyone who has the disliker as a neighbour; only items scoring
 * above zero are listed. The user's own negative entries act through their neighbours: they move the
 * user away from people who like what they dislike.
 */
import type { Dataset } from '../dataset/dataset';
import type { Explanation, FitOptions, Model, RecommendRequest, ScoredItem, Strategy, UserInteractions } from '../types';
import { decodeArtifact, encodeArtifact } from '../util/binary';
import { TopK } from '../util/top-k';
import { TopScores } from './top-scores';
import { InteractionMatrix, rowFromInteractions } from './interaction-matrix';
import { columnSquares, signedStrength, similarItemsOf } from './item-neighbours';
import { ParamError } from '../types';
import { readParams, type ParamSpec } from './params';
import { forEachBlocked, indexInRow, requestK, throwIfAborted } from './shared';
import { allNeighboursReference } from './user-cf-all-pairs';
import { engineThreads, useKernels } from '../kernels/kernel-mode';
import { userNeighboursKernel } from '../kernels/user-cf-kernel';
import { neighboursWithout, tableForArtifact, type FoldedUser, type NeighbourTable } from './user-cf-erasure';
import { isNegativeEntry } from '../dataset/dataset';
import { centre, findNeighbours, NeighbourScratch, userOffsetOf, type CentreAggregates, type CentredMatrix, type Centring, type UserSimilarity } from './user-cf-neighbours';

export interface UserCfParams {
  similarity: UserSimilarity;
  centring: Centring;
  k: number;
  pool: number;
  minSupport: number;
  shrinkage: number;
  minSimilarity: number;
  maxRaters: number;
  /** added to the similarity sum when averaging neighbours' deviations: few, weak neighbours pull less */
  damping: number;
}

const NAME = 'usercf';
export const USER_CF_PARAMS: readonly ParamSpec[] = [
  { name: 'similarity', kind: 'choice', choices: ['pearson', 'cosine'], default: 'pearson', description: "how alike two users' centred ratings are" },
  { name: 'centring', kind: 'choice', choices: ['baseline', 'user-mean'], default: 'baseline', description: 'offsets ratings are centred on (KNNBaseline or KNNWithMeans)' },
  { name: 'k', kind: 'integer', min: 1, max: 10_000, default: 40, description: 'neighbours that vote or predict' },
  { name: 'pool', kind: 'integer', min: 1, max: 10_000, default: 200, description: 'neighbours kept per user (at least k; default the larger of k and 200)' },
  { name: 'minSupport', kind: 'integer', min: 1, max: 1e6, default: 2, description: 'co-rated items two users need to be neighbours' },
  { name: 'shrinkage', kind: 'number', min: 0, max: 1e6, default: 100, description: 'similarity shrunk by n / (n + shrinkage) for n co-rated items' },
  { name: 'minSimilarity', kind: 'number', min: -1, max: 1, default: 0, description: 'neighbours below this similarity are dropped' },
  // bounds fit time on data with blockbuster items; ml-latest-small has no column this long
  { name: 'maxRaters', kind: 'integer', min: 2, max: 1e9, default: 500, description: 'raters of one item sampled when finding neighbours' },
  // 0.3 chosen on a validation split (inner fold of ml-latest-small's fold 0): RMSE 0.888 → 0.851
  { name: 'damping', kind: 'number', min: 0, max: 1e6, default: 0.3, description: 'added to the similarity sum: few, weak neighbours pull less' },
];
/** pseudo-ratings pulling an item's fallback offset toward 0 when few users rated it */
const ITEM_DAMPING = 10;

export class UserCfStrategy implements Strategy<UserCfParams> {
  readonly name = 'usercf' as const;
  readonly params: Readonly<UserCfParams>;

  constructor(params: Partial<UserCfParams> = {}) {
    const p = readParams<UserCfParams>(NAME, USER_CF_PARAMS, params);
    // a pool wider than k lets rating prediction find k neighbours who rated even rare items
    if (params.pool === undefined) p.pool = Math.max(p.k, p.pool);
    else if (p.pool < p.k) throw new ParamError('pool', `${NAME}: 'pool' must be at least k (${p.k}), got ${p.pool}`);
    this.params = Object.freeze(p);
  }

  async fit(d: Dataset, options: FitOptions = {}): Promise<Model> {
    throwIfAborted(options.signal);
    const matrix = InteractionMatrix.fromDataset(d);
    const centred = centre(matrix, this.params.centring, this.params.maxRaters);
    // the WebAssembly kernel on every thread, or the reference: the same table (see user-cf-kernel.ts)
    const { nbrIdx, nbrSim, nbrCount } =
      (useKernels() ? await userNeighboursKernel(centred, this.params, d.nUsers, d.nItems, engineThreads(), options) : null) ??
      (await allNeighboursReference(matrix, centred, this.params, options));
    options.onProgress?.({ progress: 1, stage: 'done' });
    return new UserCfModel(this.params, matrix, userCfState(matrix, centred, { nbrIdx, nbrSim, nbrCount }, d.minRating, d.maxRating), new Map());
  }
}

/** everything trained and shared, unchanged, by the models foldIn derives */
interface UserCfState {
  c: CentredMatrix;
  t: NeighbourTable;
  /** damped mean residual per item: the prediction when no neighbour rated the item */
  itemOffset: Float64Array;
  minRating: number;
  maxRating: number;
  /** computed on first use, shared by every model derived from this state */
  memo: { strengths?: Float32Array | null; colSquares?: Float64Array };
}

function userCfState(matrix: InteractionMatrix, c: CentredMatrix, t: NeighbourTable, minRating: number, maxRating: number, storedItemOffset?: Float64Array): UserCfState {
  if (storedItemOffset) return { c, t, itemOffset: storedItemOffset, minRating, maxRating, memo: {} };
  const itemOffset = new Float64Array(matrix.nItems);
  for (let i = 0; i < matrix.nItems; i++) {
    let s = 0;
    let n = 0;
    for (let q = matrix.itemPtr[i]; q < matrix.itemPtr[i + 1]; q++) {
      if (matrix.itemRatings[q] === matrix.itemRatings[q]) {
        s += c.colValues[q];
        n++;
      }
    }
    itemOffset[i] = s / (n + ITEM_DAMPING);
  }
  return { c, t, itemOffset, minRating, maxRating, memo: {} };
}

export class UserCfModel implements Model {
  readonly strategy = 'usercf' as const;
  readonly nUsers: number;
  readonly nItems: number;
  private readonly folded: Map<number, FoldedUser>;
  // scratch buffers of recommend() and explain(), allocated on first use (single-threaded, never held across calls)
  private scoreBuf: Float64Array | undefined;
  private explainPos: Int32Array | undefined;
  // scatter of the last predicted user's neighbour ranks: a memo, not state (same answers either way)
  private rankOf: Int32Array | null = null;
  private rankUser = -2;
  private readonly hitDev: Float64Array;
  private readonly hit: Uint8Array;
  private readonly hitRank: Int32Array;

  private readonly c: CentredMatrix;
  private readonly t: NeighbourTable;

  constructor(
    readonly params: Readonly<UserCfParams>,
    readonly matrix: InteractionMatrix,
    private readonly state: UserCfState,
    folded: ReadonlyMap<number, FoldedUser>,
  ) {
    this.nItems = matrix.nItems;
    this.nUsers = matrix.nUsers;
    this.c = state.c;
    this.t = state.t;
    const c = state.c;
    this.hitDev = new Float64Array(params.pool);
    this.hit = new Uint8Array(params.pool);
    this.hitRank = new Int32Array(params.pool);
    this.folded = new Map(folded);
    // folded rows restored from an artifact: recompute their neighbours, exactly as foldIn did
    let scratch: NeighbourScratch | undefined;
    for (const [u, row] of matrix.overrides) {
      if (this.folded.has(u)) continue;
      scratch ??= new NeighbourScratch(matrix.baseUsers);
      const mean = userOffsetOf(c, row);
      const idx = new Int32Array(params.pool);
      const sim = new Float32Array(params.pool);
      const n = findNeighbours(c, params, u < matrix.baseUsers ? u : -1, row, mean, scratch, idx, sim, 0, matrix.erased);
      this.folded.set(u, { mean, idx: idx.slice(0, n), sim: sim.slice(0, n) });
    }
  }

  /** the user's neighbours, best first */
  private neighbours(user: number): { idx: Int32Array; sim: Float32Array; mean: number } | null {
    const f = this.folded.get(user);
    if (f) return f;
    if (user < 0 || user >= this.matrix.baseUsers || this.matrix.isErased(user)) return null;
    const P = this.params.pool;
    const a = user * P;
    const b = a + this.t.nbrCount[user];
    return { idx: this.t.nbrIdx.subarray(a, b), sim: this.t.nbrSim.subarray(a, b), mean: this.c.userOffset[user] };
  }

  /** the user's pooled neighbours with their (significance-weighted) similarity, best first */
  neighboursOf(user: number): { user: number; similarity: number }[] {
    const nb = this.neighbours(user);
    if (!nb) return [];
    return Array.from(nb.idx, (v, j) => ({ user: v, similarity: nb.sim[j] }));
  }

  /** a user with at least one neighbour; others are left to the caller's fallback */
  canScore(user: number): boolean {
    const n = this.neighbours(user);
    return n !== null && n.idx.length > 0;
  }

  recommend(req: RecommendRequest): ScoredItem[] {
    const k = requestK(req.k);
    const nb = this.neighbours(req.user);
    if (k === 0 || !nb || nb.idx.length === 0) return [];
    // neighbours' rows scattered into a dense buffer reused across calls (zeroed after the scan)
    const scores = (this.scoreBuf ??= new Float64Array(this.nItems));
    const { userPtr, userItems } = this.matrix;
    const strength = this.strengths();
    const kn = Math.min(this.params.k, nb.idx.length);
    for (let j = 0; j < kn; j++) {
      const v = nb.idx[j];
      const s = nb.sim[j];
      if (strength) for (let p = userPtr[v], e = userPtr[v + 1]; p < e; p++) scores[userItems[p]] += s * strength[p];
      else for (let p = userPtr[v], e = userPtr[v + 1]; p < e; p++) scores[userItems[p]] += s;
    }
    // blocked items drop below zero so they cannot enter the heap
    forEachBlocked(this.nItems, req, this.matrix.row(req.user).items, (i) => {
      scores[i] = -1;
    });
    const heap = new TopScores(k);
    const filter = req.filter;
    let bar = Number.MIN_VALUE; // only positive scores are candidates
    for (let i = 0; i < scores.length; i++) {
      const x = scores[i];
      if (x >= bar && (!filter || filter(i))) {
        heap.push(i, x);
        bar = Math.max(Number.MIN_VALUE, heap.bar);
      }
    }
    scores.fill(0);
    return heap.result();
  }

  /** per-CSR-entry signed strengths (negative entries below zero), or null when every entry has weight 1 (plain ratings) */
  private strengths(): Float32Array | null {
    const memo = this.state.memo;
    if (memo.strengths === undefined) {
      const { userWeights: w, userRatings: r } = this.matrix;
      let unit = true;
      for (let p = 0; p < w.length && unit; p++) unit = w[p] === 1;
      memo.strengths = unit ? null : Float32Array.from(w, (x, p) => signedStrength(r[p], x));
    }
    return memo.strengths;
  }

  predict(user: number, item: number): number {
    if (item < 0 || item >= this.nItems || !this.c.explicit) return NaN;
    const nb = this.neighbours(user);
    if (!nb) return NaN;
    const rankOf = this.scatterRanks(user, nb.idx);
    const { itemPtr, itemUsers, itemRatings } = this.matrix;
    const values = this.c.colValues;
    const { hit, hitDev, hitRank } = this;
    const sims = nb.sim;
    let nHits = 0;
    let maxRank = 0;
    let num = 0;
    let den = 0;
    for (let q = itemPtr[item], e = itemPtr[item + 1]; q < e; q++) {
      const r = rankOf[itemUsers[q]];
      if (r === 0 || itemRatings[q] !== itemRatings[q]) continue;
      const j = r - 1;
      hitRank[nHits++] = j;
      hitDev[j] = values[q];
      num += sims[j] * values[q];
      den += sims[j];
      if (r > maxRank) maxRank = r;
    }
    const k = this.params.k;
    if (nHits > k) {
      // more raters than k among the neighbours: keep the k most similar, walking ranks best-first
      for (let t = 0; t < nHits; t++) hit[hitRank[t]] = 1;
      num = 0;
      den = 0;
      let taken = 0;
      for (let j = 0; j < maxRank; j++) {
        if (hit[j] === 0) continue;
        hit[j] = 0;
        if (taken < k) {
          num += sims[j] * hitDev[j];
          den += sims[j];
          taken++;
        }
      }
    }
    // an item new since training has no bias and no raters: the user's own offset
    const est = nb.mean + (this.c.itemBias[item] ?? 0) + (nHits > 0 ? num / (den + this.params.damping) : (this.state.itemOffset[item] ?? 0));
    return Math.min(this.state.maxRating, Math.max(this.state.minRating, est));
  }

  private scatterRanks(user: number, idx: Int32Array): Int32Array {
    if (!this.rankOf) this.rankOf = new Int32Array(this.matrix.baseUsers);
    const rankOf = this.rankOf;
    if (this.rankUser !== user) {
      const old = this.rankUser === -2 ? null : this.neighbours(this.rankUser);
      if (old) for (let j = 0; j < old.idx.length; j++) rankOf[old.idx[j]] = 0;
      for (let j = 0; j < idx.length; j++) rankOf[idx[j]] = j + 1;
      this.rankUser = user;
    }
    return rankOf;
  }

  /** how many of the user's nearest neighbours interacted with the item, and which of the user's own items they share */
  explain(user: number, item: number): Explanation | null {
    if (item < 0 || item >= this.nItems) return null;
    const nb = this.neighbours(user);
    if (!nb) return null;
    const { userPtr, userItems, userRatings, userWeights } = this.matrix;
    const row = this.matrix.row(user);
    // how much the neighbours who liked `item` share each of the user's own items: only those are
    // read, so the sums are kept per position in the user's row (posOf: item → position, −1 elsewhere;
    // a scratch array restored before returning), not in an array over the whole catalog per call
    const posOf = (this.explainPos ??= new Int32Array(this.nItems).fill(-1));
    for (let j = 0; j < row.items.length; j++) if (row.items[j] < posOf.length) posOf[row.items[j]] = j;
    const shared = new Float64Array(row.items.length);
    let count = 0;
    const kn = Math.min(this.params.k, nb.idx.length);
    for (let j = 0; j < kn; j++) {
      const v = nb.idx[j];
      const at = indexInRow(userItems, userPtr[v], userPtr[v + 1], item);
      // a neighbour who disliked the item is no reason for it
      if (at < 0 || isNegativeEntry(userRatings[at], userWeights[at])) continue;
      count++;
      for (let p = userPtr[v]; p < userPtr[v + 1]; p++) {
        const q = posOf[userItems[p]];
        if (q >= 0 && !isNegativeEntry(userRatings[p], userWeights[p])) shared[q] += nb.sim[j];
      }
    }
    for (let j = 0; j < row.items.length; j++) if (row.items[j] < posOf.length) posOf[row.items[j]] = -1;
    if (count === 0) return null;
    const heap = new TopK(5);
    for (let j = 0; j < row.items.length; j++) {
      const it = row.items[j];
      const r = row.ratings[j];
      if (isNegativeEntry(r, row.weights[j])) continue;
      // items the user liked (at or above their mean, or any implicit one) that the neighbours share
      if (shared[j] > 0 && (r !== r || r >= nb.mean + (this.c.itemBias[it] ?? 0))) heap.push(it, shared[j]);
    }
    return { kind: 'similar-users', neighbours: count, items: heap.result().map((s) => ({ item: s.item, weight: s.score })) };
  }

  /** item-item (asymmetric) cosine over the item columns, computed on demand */
  similarItems(item: number, k: number): ScoredItem[] {
    const memo = this.state.memo;
    if (!memo.colSquares || memo.colSquares.length !== this.nItems) memo.colSquares = columnSquares(this.matrix);
    return similarItemsOf(this.matrix, item, requestK(k), 'cosine', memo.colSquares);
  }

  /** a model where `user` has this history and neighbours recomputed from it (other users unchanged) */
  foldIn(user: number, interactions: UserInteractions): Model {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`foldIn: user must be a non-negative index, got ${user}`);
    const matrix = this.matrix.withRow(user, rowFromInteractions(this.nItems, interactions));
    const folded = new Map(this.folded);
    folded.delete(user);
    return new UserCfModel(this.params, matrix, this.state, folded);
  }

  /**
   * Erasure. The user's row (trained or folded), offset and neighbour list are gone, and nobody's
   * neighbours include them: trained users who had them lose that one neighbour (the rest of their
   * list is kept, as its similarities never involved the erased row; the next-best candidate is not
   * pulled in until retraining), folded-in users who had them get their list recomputed without them.
   * Cost: one pass over the neighbour table (users × pool) plus one neighbour search per affected
   * folded-in user; no copy of the interaction matrix.
   * What remains until retraining: the aggregates of the centring (global mean, item biases, each
   * item's fallback offset) and the similarities between other users, which their ratings went
   * into through those biases. The artifact stores those aggregates instead of the erased row.
   */
  forget(user: number): UserCfModel {
    const matrix = this.matrix.without(user);
    const folded = neighboursWithout(user, this.t, this.params.pool, this.c.userOffset, this.folded, matrix.overrides);
    return new UserCfModel(this.params, matrix, { ...this.state, memo: { strengths: this.state.memo.strengths } }, folded);
  }

  /** items new since training: accepted everywhere, never scored (no neighbour's trained row holds them) */
  withItems(nItems: number): UserCfModel {
    const matrix = this.matrix.withItems(nItems);
    return matrix === this.matrix ? this : new UserCfModel(this.params, matrix, this.state, this.folded);
  }

  serialize(): Uint8Array {
    const arrays: Record<string, Int32Array | Float32Array | Float64Array | Uint8Array> = {
      ...this.matrix.toArrays(),
      ...tableForArtifact(this.t, this.params.pool, this.matrix.erased, this.folded),
    };
    const meta: Record<string, unknown> = { strategy: NAME, params: this.params, nItems: this.nItems, minRating: this.state.minRating, maxRating: this.state.maxRating };
    if (this.matrix.erased.size) {
      // the rows no longer hold what the centring learned from the erased users: store it
      const c = this.c;
      meta.centre = { explicit: c.explicit, globalMean: c.globalMean, minRating: c.minRating };
      arrays.centreItemBias = c.itemBias;
      arrays.centreItemOffset = this.state.itemOffset;
    }
    return encodeArtifact(meta, arrays);
  }
}

interface UserCfMeta {
  strategy: string;
  params: UserCfParams;
  nItems: number;
  minRating: number | null;
  maxRating: number | null;
  /** present when users were erased: the centring's aggregates (the rows no longer give them) */
  centre?: { explicit: boolean; globalMean: number; minRating: number };
}

export function deserializeUserCf(bytes: Uint8Array): UserCfModel {
  const { meta, arrays } = decodeArtifact<UserCfMeta>(bytes);
  if (meta.strategy !== NAME) throw new Error(`not a usercf artifact: ${meta.strategy}`);
  const params = new UserCfStrategy(meta.params).params;
  const matrix = InteractionMatrix.fromArrays(meta.nItems, arrays);
  const table = { nbrIdx: arrays.nbrIdx as Int32Array, nbrSim: arrays.nbrSim as Float32Array, nbrCount: arrays.nbrCount as Int32Array };
  const num = (x: number | null) => (x === null ? NaN : x);
  let fixed: CentreAggregates | undefined;
  if (meta.centre) {
    if (!(arrays.centreItemBias instanceof Float64Array) || !(arrays.centreItemOffset instanceof Float64Array)) throw new Error('usercf artifact lacks its stored centring');
    fixed = { ...meta.centre, itemBias: arrays.centreItemBias };
  }
  const c = centre(matrix, params.centring, params.maxRaters, fixed);
  const state = userCfState(matrix, c, table, num(meta.minRating), num(meta.maxRating), fixed ? (arrays.centreItemOffset as Float64Array) : undefined);
  return new UserCfModel(params, matrix, state, new Map());
}
