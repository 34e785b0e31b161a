/**
 * Popularity: the non-personalized baseline and the fallback for users nobody can score.
 * Three rankings are computed at fit time so one model answers all of them:
 *  - count: distinct users who interacted (the strongest top-N baseline on MovieLens-like data);
 *  - bayesian: mean rating shrunk toward the global mean by `damping` pseudo-ratings;
 *  - trending: interactions weighted by 2^(-age / halfLife), age measured from the latest event in the
 *    data (not the wall clock) so the same data always gives the same model.
 * predict() is the damped-bias baseline: global mean + item offset + user offset, clipped to the scale.
 *
 * Negative entries (a dislike, see dataset.ts) are not popularity: they count neither as a user in
 * `count` nor in `trending` (rather than subtracting, which would let a few dislikers bury an item many
 * people bought and give scores below zero), and have no rating for `bayesian`. They are still seen:
 * never recommended back to that user.
 *
 * Items new since training (withItems): trained items keep their trained scores until retraining; a new
 * item is scored from the users folded in since, the same way training would count them (count:
 * folded-in users whose history holds it positively; trending: their weights, undecayed as they are
 * newer than every trained event; bayesian: their ratings), so a new item ranks among the others at once.
 */
import { isNegativeEntry, type Dataset } from '../dataset/dataset';
import type { Explanation, FitOptions, Model, RecommendRequest, ScoredItem, Strategy, UserInteractions } from '../types';
import { decodeArtifact, encodeArtifact } from '../util/binary';
import { InteractionMatrix, rowFromInteractions, type Row } from './interaction-matrix';
import { emptyFresh, tallyFresh, type FreshItems } from './popularity-fresh';
import { similarItemsOf } from './item-neighbours';
import { readParams, type ParamSpec } from './params';
import { blockedMask, requestK, throwIfAborted } from './shared';

export type PopularityMode = 'count' | 'bayesian' | 'trending';
export interface PopularityParams {
  mode: PopularityMode;
  damping: number;
  halfLifeDays: number;
}

const NAME = 'popularity';
export const POPULARITY_PARAMS: readonly ParamSpec[] = [
  {
    name: 'mode',
    kind: 'choice',
    choices: ['count', 'bayesian', 'trending'],
    default: 'count',
    description: 'ranking: distinct users, damped mean rating, or time-decayed interactions',
  },
  { name: 'damping', kind: 'number', min: 0, max: 1e6, default: 10, description: 'pseudo-ratings pulling a mean rating toward the global mean' },
  { name: 'halfLifeDays', kind: 'number', min: 1e-3, max: 1e6, default: 30, description: 'trending: days after which an interaction counts half' },
];
const SECONDS_PER_DAY = 86_400;

export class PopularityStrategy implements Strategy<PopularityParams> {
  readonly name = 'popularity' as const;
  readonly params: Readonly<PopularityParams>;

  constructor(params: Partial<PopularityParams> = {}) {
    this.params = Object.freeze(readParams<PopularityParams>(NAME, POPULARITY_PARAMS, params));
  }

  async fit(d: Dataset, options: FitOptions = {}): Promise<Model> {
    throwIfAborted(options.signal);
    const { damping, halfLifeDays } = this.params;
    const nI = d.nItems;
    const mean = d.globalMean === d.globalMean ? d.globalMean : 0;
    const count = new Float64Array(nI);
    const bayesian = new Float64Array(nI);
    const trending = new Float64Array(nI);
    const itemBias = new Float64Array(nI);
    let now = -Infinity;
    for (let p = 0; p < d.nnz; p++) if (d.userTimes[p] > now) now = d.userTimes[p];
    if (now === -Infinity) now = 0;
    // times live on the CSR only, so trending is accumulated by walking it
    const decay = Math.LN2 / (halfLifeDays * SECONDS_PER_DAY);
    for (let p = 0; p < d.nnz; p++) {
      if (d.userWeights[p] > 0) trending[d.userItems[p]] += d.userWeights[p] * Math.exp(-decay * (now - d.userTimes[p]));
    }
    for (let i = 0; i < nI; i++) {
      let sum = 0;
      let n = 0;
      let users = 0;
      for (let q = d.itemPtr[i]; q < d.itemPtr[i + 1]; q++) {
        const r = d.itemRatings[q];
        if (r === r) {
          sum += r;
          n++;
        }
        if (!isNegativeEntry(r, d.itemWeights[q])) users++;
      }
      count[i] = users;
      bayesian[i] = (damping * mean + sum) / (damping + n || 1);
      itemBias[i] = (sum - n * mean) / (n + damping || 1);
    }
    throwIfAborted(options.signal);
    const matrix = InteractionMatrix.fromDataset(d);
    const userBias = new Float64Array(d.nUsers);
    for (let u = 0; u < d.nUsers; u++) userBias[u] = userOffset(matrix.row(u), mean, itemBias, damping);
    options.onProgress?.({ progress: 1, stage: 'done' });
    return new PopularityModel(this.params, matrix, {
      globalMean: d.globalMean,
      minRating: d.minRating,
      maxRating: d.maxRating,
      count,
      bayesian,
      trending,
      itemBias,
      userBias,
    });
  }
}

/** the trained state; its per-item arrays cover the items known at training (count.length of them) */
interface PopularityState {
  globalMean: number; // NaN when the data has no explicit ratings
  minRating: number;
  maxRating: number;
  count: Float64Array;
  bayesian: Float64Array;
  trending: Float64Array;
  itemBias: Float64Array;
  userBias: Float64Array; // trained users
}

/** damped mean residual of a user's explicit ratings after the global mean and item offsets */
function userOffset(row: Row, mean: number, itemBias: Float64Array, damping: number): number {
  let sum = 0;
  let n = 0;
  for (let j = 0; j < row.items.length; j++) {
    const r = row.ratings[j];
    if (r === r) {
      sum += r - mean - (itemBias[row.items[j]] ?? 0);
      n++;
    }
  }
  return sum / (n + damping || 1);
}

/** state foldIn, forget and withItems carry over from model to model (never the whole matrix) */
interface Derived {
  order: Record<PopularityMode, Int32Array>;
  trendingRank: Int32Array;
  foldedBias: ReadonlyMap<number, number>;
  fresh: FreshItems;
}

/** item indices by descending score, ties by more interactions (e.g. unrated items on implicit data), then lower index */
function orderBy(scores: Float64Array, count: Float64Array): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a] || count[b] - count[a] || a - b);
  return order;
}

export class PopularityModel implements Model {
  readonly strategy = 'popularity' as const;
  readonly nUsers: number;
  readonly nItems: number;
  /** items known at training; those from here to nItems are new since (see FreshItems) */
  private readonly trainedItems: number;
  private readonly d: Derived;
  /** per mode, the new items best first (computed on first use) */
  private freshOrder: Partial<Record<PopularityMode, Int32Array>> = {};

  constructor(
    readonly params: Readonly<PopularityParams>,
    readonly matrix: InteractionMatrix,
    private readonly s: PopularityState,
    // the rankings depend only on the trained state: models derived by foldIn share them
    derived?: Derived,
  ) {
    this.nItems = matrix.nItems;
    this.nUsers = matrix.nUsers;
    this.trainedItems = s.count.length;
    if (derived) this.d = derived;
    else {
      const order = { count: orderBy(s.count, s.count), bayesian: orderBy(s.bayesian, s.count), trending: orderBy(s.trending, s.count) };
      const trendingRank = new Int32Array(this.trainedItems);
      order.trending.forEach((item, rank) => {
        trendingRank[item] = rank;
      });
      const mean = s.globalMean === s.globalMean ? s.globalMean : 0;
      const foldedBias = new Map<number, number>();
      const fresh = emptyFresh(this.nItems - this.trainedItems);
      for (const [u, row] of matrix.overrides) {
        foldedBias.set(u, userOffset(row, mean, s.itemBias, params.damping));
        tallyFresh(fresh, this.trainedItems, row, 1);
      }
      this.d = { order, trendingRank, foldedBias, fresh };
    }
  }

  /** a mode's score of any item, trained or new */
  private score(mode: PopularityMode, item: number): number {
    if (item < this.trainedItems) return this.s[mode][item];
    const x = item - this.trainedItems;
    const f = this.d.fresh;
    if (mode === 'count') return f.count[x];
    if (mode === 'trending') return f.weight[x];
    const mean = this.s.globalMean === this.s.globalMean ? this.s.globalMean : 0;
    const damping = this.params.damping;
    return (damping * mean + f.ratingSum[x]) / (damping + f.ratingN[x] || 1);
  }

  private countOf(item: number): number {
    return item < this.trainedItems ? this.s.count[item] : this.d.fresh.count[item - this.trainedItems];
  }

  /** the new items in ranking order (same ties as orderBy: more users, then lower index) */
  private newItemsBy(mode: PopularityMode): Int32Array {
    let o = this.freshOrder[mode];
    if (!o) {
      o = new Int32Array(this.nItems - this.trainedItems);
      for (let x = 0; x < o.length; x++) o[x] = this.trainedItems + x;
      o.sort((a, b) => this.score(mode, b) - this.score(mode, a) || this.countOf(b) - this.countOf(a) || a - b);
      this.freshOrder[mode] = o;
    }
    return o;
  }

  /** true when item a ranks before item b in this mode */
  private before(mode: PopularityMode, a: number, b: number): boolean {
    const sa = this.score(mode, a);
    const sb = this.score(mode, b);
    if (sa !== sb) return sa > sb;
    const ca = this.countOf(a);
    const cb = this.countOf(b);
    return ca !== cb ? ca > cb : a < b;
  }

  /** popularity ranks anyone, including users it has never seen */
  canScore(_user: number): boolean {
    return true;
  }

  /** the configured ranking, minus the user's history, exclusions and filtered-out items */
  recommend(req: RecommendRequest): ScoredItem[] {
    return this.walk(this.params.mode, req, this.matrix.isKnown(req.user) ? this.matrix.row(req.user).items : null);
  }

  /** the time-decayed ranking, whatever the configured mode */
  trending(k: number, filter?: (item: number) => boolean): ScoredItem[] {
    return this.walk('trending', { user: -1, k, filter }, null);
  }

  /** number of interactions the model holds for a user (0 for unknown users); used by AUTO */
  historyLength(user: number): number {
    return this.matrix.rowLength(user);
  }

  /** the trained ranking merged with the new items' (both already in order), candidates filtered */
  private walk(mode: PopularityMode, req: RecommendRequest, seen: Int32Array | null): ScoredItem[] {
    const k = requestK(req.k);
    const out: ScoredItem[] = [];
    if (k === 0) return out;
    const blocked = blockedMask(this.nItems, req, seen);
    const order = this.d.order[mode];
    const fresh = this.nItems > this.trainedItems ? this.newItemsBy(mode) : null;
    let j = 0;
    let x = 0;
    while (out.length < k && (j < order.length || (fresh && x < fresh.length))) {
      let i: number;
      if (!fresh || x >= fresh.length) i = order[j++];
      else if (j >= order.length || this.before(mode, fresh[x], order[j])) i = fresh[x++];
      else i = order[j++];
      if (blocked[i] || (req.filter && !req.filter(i))) continue;
      out.push({ item: i, score: this.score(mode, i) });
    }
    return out;
  }

  predict(user: number, item: number): number {
    const s = this.s;
    if (item < 0 || item >= this.nItems || s.globalMean !== s.globalMean) return NaN;
    let bu = 0;
    if (this.d.foldedBias.has(user)) bu = this.d.foldedBias.get(user)!;
    else if (user >= 0 && user < s.userBias.length && !this.matrix.isErased(user)) bu = s.userBias[user];
    const r = s.globalMean + (item < this.trainedItems ? s.itemBias[item] : 0) + bu;
    return Math.min(s.maxRating, Math.max(s.minRating, r));
  }

  explain(_user: number, item: number): Explanation | null {
    if (item < 0 || item >= this.nItems) return null;
    const m = this.matrix;
    let sum = 0;
    let n = 0;
    if (item < this.trainedItems) {
      for (let q = m.itemPtr[item]; q < m.itemPtr[item + 1]; q++) {
        const r = m.itemRatings[q];
        if (r === r && !m.isErased(m.itemUsers[q])) {
          sum += r;
          n++;
        }
      }
    } else {
      sum = this.d.fresh.ratingSum[item - this.trainedItems];
      n = this.d.fresh.ratingN[item - this.trainedItems];
    }
    // "trending" = among the top 2% (at least 10) of the time-decayed ranking
    const trendingCut = Math.max(10, Math.ceil(this.nItems * 0.02));
    return {
      kind: 'popular',
      interactions: this.countOf(item),
      trending: this.score('trending', item) > 0 && this.trendingRankOf(item) < trendingCut,
      ...(n ? { averageRating: sum / n } : {}),
    };
  }

  /** the item's place in the trending ranking, new items included */
  private trendingRankOf(item: number): number {
    if (this.nItems === this.trainedItems) return this.d.trendingRank[item];
    const fresh = this.newItemsBy('trending');
    let rank = 0;
    // new items ahead of it (few), then trained ones ahead of it: a binary search of the trained order
    for (const x of fresh) if (x !== item && this.before('trending', x, item)) rank++;
    if (item < this.trainedItems) return rank + this.d.trendingRank[item];
    const order = this.d.order.trending;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before('trending', order[mid], item)) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  /** items most often interacted with by the same users ("people who liked this also liked") */
  similarItems(item: number, k: number): ScoredItem[] {
    return similarItemsOf(this.matrix, item, requestK(k), 'cooccurrence');
  }

  /** the user's own row replaced; new items this row holds (or held) are re-counted, nothing else */
  foldIn(user: number, interactions: UserInteractions): Model {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`foldIn: user must be a non-negative index, got ${user}`);
    const row = rowFromInteractions(this.nItems, interactions);
    const matrix = this.matrix.withRow(user, row);
    const foldedBias = new Map(this.d.foldedBias);
    const mean = this.s.globalMean === this.s.globalMean ? this.s.globalMean : 0;
    foldedBias.set(user, userOffset(row, mean, this.s.itemBias, this.params.damping));
    return new PopularityModel(this.params, matrix, this.s, { ...this.d, foldedBias, fresh: this.refreshed(user, row) });
  }

  /** the new items' tallies with `user`'s folded row (if any) replaced by `row` (null: removed) */
  private refreshed(user: number, row: Row | null): FreshItems {
    if (this.nItems === this.trainedItems) return this.d.fresh;
    const f = this.d.fresh;
    const next = { count: f.count.slice(), weight: f.weight.slice(), ratingSum: f.ratingSum.slice(), ratingN: f.ratingN.slice() };
    const old = this.matrix.overrides.get(user);
    if (old) tallyFresh(next, this.trainedItems, old, -1);
    if (row) tallyFresh(next, this.trainedItems, row, 1);
    return next;
  }

  /**
   * Erasure: the user's row (trained or folded) and their rating offset are gone, so they are ranked as
   * an anonymous user, and the artifact no longer holds either. What remains until retraining is the
   * trained per-item aggregates their data went into: count, trending, the damped mean rating and item
   * offset of each item they interacted with. (A new item's tallies come from folded rows, so theirs drop at once.)
   */
  forget(user: number): Model {
    const foldedBias = new Map(this.d.foldedBias);
    foldedBias.delete(user);
    return new PopularityModel(this.params, this.matrix.without(user), this.s, { ...this.d, foldedBias, fresh: this.refreshed(user, null) });
  }

  /** new items start with no interactions; folded-in users' histories then count for them */
  withItems(nItems: number): Model {
    const matrix = this.matrix.withItems(nItems);
    if (matrix === this.matrix) return this;
    const f = this.d.fresh;
    const grown = emptyFresh(nItems - this.trainedItems);
    grown.count.set(f.count);
    grown.weight.set(f.weight);
    grown.ratingSum.set(f.ratingSum);
    grown.ratingN.set(f.ratingN);
    return new PopularityModel(this.params, matrix, this.s, { ...this.d, fresh: grown });
  }

  serialize(): Uint8Array {
    const s = this.s;
    // an erased user's rating offset is theirs: not in the artifact
    let userBias = s.userBias;
    if (this.matrix.erased.size) {
      userBias = userBias.slice();
      for (const u of this.matrix.erased) if (u < userBias.length) userBias[u] = 0;
    }
    return encodeArtifact(
      { strategy: NAME, params: this.params, nItems: this.nItems, globalMean: s.globalMean, minRating: s.minRating, maxRating: s.maxRating },
      { ...this.matrix.toArrays(), count: s.count, bayesian: s.bayesian, trending: s.trending, itemBias: s.itemBias, userBias },
    );
  }
}

interface PopularityMeta {
  strategy: string;
  params: PopularityParams;
  nItems: number;
  globalMean: number | null;
  minRating: number | null;
  maxRating: number | null;
}

export function deserializePopularity(bytes: Uint8Array): PopularityModel {
  const { meta, arrays } = decodeArtifact<PopularityMeta>(bytes);
  if (meta.strategy !== NAME) throw new Error(`not a popularity artifact: ${meta.strategy}`);
  const params = new PopularityStrategy(meta.params).params;
  // JSON turns NaN into null
  const num = (x: number | null) => (x === null ? NaN : x);
  return new PopularityModel(params, InteractionMatrix.fromArrays(meta.nItems, arrays), {
    globalMean: num(meta.globalMean),
    minRating: num(meta.minRating),
    maxRating: num(meta.maxRating),
    count: arrays.count as Float64Array,
    bayesian: arrays.bayesian as Float64Array,
    trending: arrays.trending as Float64Array,
    itemBias: arrays.itemBias as Float64Array,
    userBias: arrays.userBias as Float64Array,
  });
}
