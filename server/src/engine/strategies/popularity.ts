/**
 * Popularity: the non-personalized baseline and the fallback for users nobody can score.
 * Three rankings are computed at fit time so one model answers all of them:
 *  - count: distinct users who interacted (the strongest top-N baseline on MovieLens-like data);
 *  - bayesian: mean rating shrunk toward the global mean by `damping` pseudo-ratings;
 *  - trending: interactions weighted by 2^(-age / halfLife), age measured from the latest event in the
 *    data (not the wall clock) so the same data always gives the same model.
 * predict() is the damped-bias baseline: global mean + item offset + user offset, clipped to the scale.
 */
import type { Dataset } from '../dataset/dataset';
import type { Explanation, FitOptions, Model, RecommendRequest, ScoredItem, Strategy, UserInteractions } from '../types';
import { decodeArtifact, encodeArtifact } from '../util/binary';
import { InteractionMatrix, rowFromInteractions, type Row } from './interaction-matrix';
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
  { name: 'mode', kind: 'choice', choices: ['count', 'bayesian', 'trending'], default: 'count', description: 'ranking: distinct users, damped mean rating, or time-decayed interactions' },
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
      trending[d.userItems[p]] += d.userWeights[p] * Math.exp(-decay * (now - d.userTimes[p]));
    }
    for (let i = 0; i < nI; i++) {
      let sum = 0;
      let n = 0;
      for (let q = d.itemPtr[i]; q < d.itemPtr[i + 1]; q++) {
        const r = d.itemRatings[q];
        if (r === r) { sum += r; n++; }
      }
      count[i] = d.itemPtr[i + 1] - d.itemPtr[i];
      bayesian[i] = (damping * mean + sum) / (damping + n || 1);
      itemBias[i] = (sum - n * mean) / (n + damping || 1);
    }
    throwIfAborted(options.signal);
    const matrix = InteractionMatrix.fromDataset(d);
    const userBias = new Float64Array(d.nUsers);
    for (let u = 0; u < d.nUsers; u++) userBias[u] = userOffset(matrix.row(u), mean, itemBias, damping);
    options.onProgress?.({ progress: 1, stage: 'done' });
    return new PopularityModel(this.params, matrix, {
      globalMean: d.globalMean, minRating: d.minRating, maxRating: d.maxRating,
      count, bayesian, trending, itemBias, userBias,
    });
  }
}

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
    if (r === r) { sum += r - mean - itemBias[row.items[j]]; n++; }
  }
  return sum / (n + damping || 1);
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
  private readonly order: Record<PopularityMode, Int32Array>;
  private readonly trendingRank: Int32Array;
  private readonly foldedBias = new Map<number, number>();

  constructor(
    readonly params: Readonly<PopularityParams>, readonly matrix: InteractionMatrix, private readonly s: PopularityState,
    // the rankings depend only on the trained state: models derived by foldIn share them
    ranked?: { order: Record<PopularityMode, Int32Array>; trendingRank: Int32Array },
  ) {
    this.nItems = matrix.nItems;
    this.nUsers = matrix.nUsers;
    this.order = ranked?.order ?? { count: orderBy(s.count, s.count), bayesian: orderBy(s.bayesian, s.count), trending: orderBy(s.trending, s.count) };
    this.trendingRank = ranked?.trendingRank ?? new Int32Array(this.nItems);
    if (!ranked) this.order.trending.forEach((item, rank) => { this.trendingRank[item] = rank; });
    const mean = s.globalMean === s.globalMean ? s.globalMean : 0;
    for (const [u, row] of matrix.overrides) this.foldedBias.set(u, userOffset(row, mean, s.itemBias, params.damping));
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

  private walk(mode: PopularityMode, req: RecommendRequest, seen: Int32Array | null): ScoredItem[] {
    const k = requestK(req.k);
    const out: ScoredItem[] = [];
    if (k === 0) return out;
    const blocked = blockedMask(this.nItems, req, seen);
    const order = this.order[mode];
    const scores = this.s[mode];
    for (let j = 0; j < order.length && out.length < k; j++) {
      const i = order[j];
      if (blocked[i] || (req.filter && !req.filter(i))) continue;
      out.push({ item: i, score: scores[i] });
    }
    return out;
  }

  predict(user: number, item: number): number {
    const s = this.s;
    if (item < 0 || item >= this.nItems || s.globalMean !== s.globalMean) return NaN;
    let bu = 0;
    if (this.foldedBias.has(user)) bu = this.foldedBias.get(user)!;
    else if (user >= 0 && user < s.userBias.length) bu = s.userBias[user];
    const r = s.globalMean + s.itemBias[item] + bu;
    return Math.min(s.maxRating, Math.max(s.minRating, r));
  }

  explain(_user: number, item: number): Explanation | null {
    if (item < 0 || item >= this.nItems) return null;
    const m = this.matrix;
    let sum = 0;
    let n = 0;
    for (let q = m.itemPtr[item]; q < m.itemPtr[item + 1]; q++) {
      const r = m.itemRatings[q];
      if (r === r) { sum += r; n++; }
    }
    // "trending" = among the top 2% (at least 10) of the time-decayed ranking
    const trendingCut = Math.max(10, Math.ceil(this.nItems * 0.02));
    return {
      kind: 'popular',
      interactions: this.s.count[item],
      trending: this.s.trending[item] > 0 && this.trendingRank[item] < trendingCut,
      ...(n ? { averageRating: sum / n } : {}),
    };
  }

  /** items most often interacted with by the same users ("people who liked this also liked") */
  similarItems(item: number, k: number): ScoredItem[] {
    return similarItemsOf(this.matrix, item, requestK(k), 'cooccurrence');
  }

  foldIn(user: number, interactions: UserInteractions): Model {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`foldIn: user must be a non-negative index, got ${user}`);
    const matrix = this.matrix.withRow(user, rowFromInteractions(this.nItems, interactions));
    return new PopularityModel(this.params, matrix, this.s, { order: this.order, trendingRank: this.trendingRank });
  }

  serialize(): Uint8Array {
    const s = this.s;
    return encodeArtifact(
      { strategy: NAME, params: this.params, nItems: this.nItems, globalMean: s.globalMean, minRating: s.minRating, maxRating: s.maxRating },
      { ...this.matrix.toArrays(), count: s.count, bayesian: s.bayesian, trending: s.trending, itemBias: s.itemBias, userBias: s.userBias },
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
    globalMean: num(meta.globalMean), minRating: num(meta.minRating), maxRating: num(meta.maxRating),
    count: arrays.count as Float64Array, bayesian: arrays.bayesian as Float64Array, trending: arrays.trending as Float64Array,
    itemBias: arrays.itemBias as Float64Array, userBias: arrays.userBias as Float64Array,
  });
}
