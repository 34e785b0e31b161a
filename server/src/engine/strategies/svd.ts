/**
 * SVD: biased matrix factorization of explicit ratings (Funk / Koren), trained by SGD.
 *   r̂(u,i) = μ + b_u + b_i + p_u·q_i, clipped to the dataset's rating scale.
 * Defaults were chosen on a validation split carved out of one training fold (never the test folds)
 * of ml-latest-small; see SVD_DEFAULTS.
 *
 * Top-N: predict() is the rating model, but recommend() does not rank by predicted rating. Ranking
 * all unseen items by r̂ puts obscure items first (an item rated 5 by two people has a large b_i):
 * NDCG@10 0.029 on the 5 test folds vs 0.188 for most-popular. recommend() ranks by a small ranking
 * head instead (mf/rank-head.ts: weighted ALS on "rated at all", 8 factors, 5 iterations), plus
 * rankingRatingWeight × (b_i + p_u·q_i). Measured on the validation split (fold 0's train, 20% of each
 * user's ratings held out; most-popular 0.134 there), NDCG@10:
 *   rating-only fixes: r̂ shrunk by support n/(n+β) ≤ 0.120 (β 5…100); minimum support (n ≥ 5…50)
 *     ≤ 0.080; b_i + p·q + a·log(1+n) ≤ 0.134 (a 0.25…2), p·q + a·log(1+n) 0.135: popularity at best.
 *   an SGD logistic head trained in the rating loop with sampled negatives (shared or separate
 *     factors, 4–32 dims, 1–10 negatives): 0.15–0.18, and 2–4× the fit time of the rating model.
 *   ALS head, rating weight 0: 8 factors 0.184, 12 → 0.188, 16 → 0.194 (3 seeds each; +0.3 s fit
 *     per 8 factors on the loaded 2-core box); 8 factors × 5 iterations 0.182 at half the head's cost
 *   (3 iterations 0.179). Rating weight 0.05 → 0.183 (within seed noise, kept so
 *     that predicted taste breaks near-ties), 0.2 → 0.174, 0.4 → 0.161; re-ordering the head's top
 *     15/30/60 by r̂ → 0.171/0.150/0.135: on this data the rating order itself hurts top-N.
 * On the 5 test folds (eval CLI): NDCG@10 0.278 (most-popular 0.188, UserCF 0.253; 0.286 with 10
 * head iterations), RMSE 0.848 unchanged. rankingFactors 0 restores the rating-ordered list.
 *
 * Implicit entries, negative ones included (dislikes, see dataset.ts), have no rating: the rating
 * model (SGD, predict) never sees them. They enter the ranking head, a negative one as a low
 * preference (preference 0 with confidence 1 + α·|w|, as in ALS; see mf/rank-head.ts), so a dislike
 * lowers the head's score of the disliked item's look-alikes in recommend(). Without a head
 * (rankingFactors 0) a dislike only removes the item from the user's lists.
 */
import type { Dataset } from '../dataset/dataset';
import type { Explanation, FitOptions, Model, RecommendRequest, ScoredItem, Strategy, UserInteractions } from '../types';
import { TopK } from '../util/top-k';
import { decodeArtifact } from '../util/binary';
import { FactorModel, ItemCache } from './mf/factor-model';
import { FactorState, UserRow, cleanInteractions, seenFromDataset, stateFromArtifact } from './mf/factor-state';
import { choleskySolveInPlace } from './mf/dense';
import { useKernels } from '../kernels/kernel-mode';
import { RowScorer } from '../kernels/row-scorer';
import { readParams, type ParamSpec } from './params';
import { trainSgd, type SgdParams } from './mf/sgd-train';
import { foldInRankVector, headGram, trainRankHead, type RankHead, type RankHeadParams } from './mf/rank-head';

/** the SGD trainer's parameters, plus the ranking head's and the seed */
export interface SvdParams extends SgdParams {
  /** ranking head (mf/rank-head.ts) factors; 0 = recommend ranks by predicted rating alone */
  rankingFactors: number;
  /** ALS iterations of the ranking head */
  rankingIterations: number;
  /** weight of the rating part (b_i + p·q_i) added to the head's score x_u·y_i in recommend() */
  rankingRatingWeight: number;
  seed: number;
}

/**
 * Tuned on ml-latest-small: 20% of fold 0's training ratings held out as validation (RMSE there is
 * higher than on the test folds: less training data). Surprise's defaults (lr 0.005, reg 0.02,
 * init 0.1) gave 0.889 there; the grid tried lr {0.005, 0.01, 0.02}, reg {0.02 … 0.2}, initStd
 * {0.05, 0.1}, bias reg {0.02, 0.1}, factors {50, 100}, epochs {20, 40}. Stronger regularization
 * needs a larger step to converge in 20 epochs: lr 0.02 / reg 0.07 / init 0.05 gave 0.866 (best
 * overall 0.8657 needed 40 epochs). On the 5 random test folds: 0.848 vs 0.874 with Surprise's.
 */
export const SVD_PARAMS: readonly ParamSpec[] = [
  { name: 'factors', kind: 'integer', min: 1, max: 1000, default: 100, description: 'latent dimensions' },
  { name: 'epochs', kind: 'integer', min: 1, max: 1000, default: 20, description: 'SGD passes over the ratings' },
  { name: 'learningRate', kind: 'number', min: 0, minExclusive: true, max: 1, default: 0.02, description: 'SGD step of the factors' },
  { name: 'regularization', kind: 'number', min: 0, max: 10, default: 0.07, description: 'L2 penalty on the factors' },
  { name: 'biasLearningRate', kind: 'number', min: 0, minExclusive: true, max: 1, default: 0.02, description: 'SGD step of the biases' },
  { name: 'biasRegularization', kind: 'number', min: 0, max: 10, default: 0.02, description: 'L2 penalty on the biases' },
  { name: 'initStd', kind: 'number', min: 0, max: 10, default: 0.05, description: 'standard deviation of the initial factors' },
  { name: 'validationFraction', kind: 'number', min: 0, max: 0.5, default: 0, description: 'ratings held out for early stopping (0: off)' },
  { name: 'patience', kind: 'integer', min: 1, max: 1000, default: 2, description: 'epochs without validation gain before stopping' },
  { name: 'rankingFactors', kind: 'integer', min: 0, max: 1000, default: 8, description: 'factors of the ranking head (0: rank by predicted rating)' },
  { name: 'rankingIterations', kind: 'integer', min: 1, max: 1000, default: 5, description: 'ALS sweeps of the ranking head' },
  { name: 'rankingRatingWeight', kind: 'number', min: 0, max: 100, default: 0.05, description: 'weight of the predicted rating in the ranking score' },
  { name: 'seed', kind: 'integer', min: 0, max: 0xffffffff, default: 0, description: 'random initialisation' },
];

export const SVD_DEFAULTS: Readonly<SvdParams> = readParams<SvdParams>('svd', SVD_PARAMS);

/** the ranking head's ALS weights, as tuned for ALS itself (see ALS_DEFAULTS in als.ts) */
const RANK_HEAD_FIXED = { regularization: 40, alpha: 4 };

export class SvdStrategy implements Strategy<SvdParams> {
  readonly name = 'svd' as const;
  readonly params: Readonly<SvdParams>;

  constructor(params: Partial<SvdParams> = {}) {
    this.params = Object.freeze(readParams<SvdParams>('svd', SVD_PARAMS, params));
  }

  async fit(ds: Dataset, options: FitOptions = {}): Promise<Model> {
    const seed = options.seed ?? this.params.seed;
    const t = await trainSgd(ds, this.params, seed, options.onProgress, options.signal);
    const head = await trainRankHead(ds, this.headParams(), seed, options.signal);
    const state: FactorState = {
      k: this.params.factors,
      nUsers: ds.nUsers,
      nItems: ds.nItems,
      userFactors: t.P,
      itemFactors: t.Q,
      userBias: t.bu,
      itemBias: t.bi,
      userTrained: t.userTrained,
      ...seenFromDataset(ds),
    };
    const scale = { mu: t.mu, minRating: ds.minRating, maxRating: ds.maxRating };
    return new SvdModel({ ...this.params, seed }, scale, state, t.itemTrained, head);
  }

  private headParams(): RankHeadParams {
    return { factors: this.params.rankingFactors, iterations: this.params.rankingIterations, ...RANK_HEAD_FIXED };
  }
}

interface RatingScale {
  mu: number;
  minRating: number;
  maxRating: number;
}

export class SvdModel extends FactorModel {
  readonly strategy = 'svd' as const;

  constructor(
    readonly params: Readonly<SvdParams>,
    private readonly scale: RatingScale,
    state: FactorState,
    /** items that had ratings in training: the only ones with a meaningful bias and factors */
    private readonly itemTrained: Uint8Array,
    /** the ranking head (k = 0: none); its user rows for folded-in users live in headRows */
    private readonly head: RankHead,
    overrides?: ReadonlyMap<number, UserRow>,
    nUsers?: number,
    cache?: ItemCache,
    private readonly headRows: ReadonlyMap<number, Float32Array> = new Map(),
    catalog?: number,
  ) {
    super(state, overrides, nUsers, cache, catalog);
  }

  protected derive(overrides: ReadonlyMap<number, UserRow>, nUsers: number, catalog = this.nItems): SvdModel {
    return new SvdModel(this.params, this.scale, this.state, this.itemTrained, this.head, overrides, nUsers, this.cache, this.headRows, catalog);
  }

  /** erasure (see FactorModel): the user's ranking-head vector goes too */
  override forget(user: number): Model {
    if (!this.isUser(user)) return this;
    const next = super.forget(user) as SvdModel;
    if (this.head.k === 0) return next;
    const headRows = new Map(this.headRows);
    headRows.set(user, new Float32Array(this.head.k));
    return new SvdModel(this.params, this.scale, this.state, this.itemTrained, this.head, next.overrides, next.nUsers, this.cache, headRows, this.nItems);
  }

  /** the user's ranking-head vector, or null when the model has no head */
  private headRow(user: number): ArrayLike<number> | null {
    const hk = this.head.k;
    if (hk === 0) return null;
    const folded = this.headRows.get(user);
    if (folded) return folded;
    return user < this.state.nUsers ? this.head.X.subarray(user * hk, (user + 1) * hk) : new Float32Array(hk);
  }

  /**
   * With a ranking head: score = x_u·y_i + w·(b_i + p_u·q_i), the head's preference for "rates it at
   * all" plus the weighted rating part (the user's own offset μ + b_u would not change the order).
   * Such scores are not ratings; predict() gives the rating. Without a head: the predicted rating.
   */
  override recommend(req: RecommendRequest): ScoredItem[] {
    const row = this.row(req.user);
    const x = this.headRow(req.user);
    if (!x || !row?.factors) return super.recommend(req);
    if (!(req.k > 0)) return [];
    const nItems = this.nItems;
    const skip = new Uint8Array(nItems);
    if (req.excludeSeen !== false) for (const i of row.items) skip[i] = 1;
    if (req.exclude) for (const i of req.exclude instanceof Set ? req.exclude : Array.from(req.exclude)) if (this.isItem(i)) skip[i] = 1;
    const { filter } = req;
    const { k: hk, Y } = this.head;
    const w = this.params.rankingRatingWeight;
    const heap = new TopK(Math.min(Math.floor(req.k), nItems));
    const scorer = this.headScorer();
    if (scorer) {
      const v = new Float32Array(hk + this.k);
      v.set(x);
      v.set(row.factors, hk);
      const scores = scorer.score(v);
      for (let i = 0; i < this.trainedItems; i++) if (!skip[i] && !(filter && !filter(i))) heap.push(i, scores[i]);
      return heap.result();
    }
    const p = Float64Array.from(row.factors);
    const xu = Float64Array.from(x);
    // items new since training have no factors: never scored
    for (let i = 0; i < this.trainedItems; i++) {
      if (skip[i] || (filter && !filter(i))) continue;
      let z = 0;
      const o = i * hk;
      for (let f = 0; f < hk; f++) z += xu[f] * Y[o + f];
      if (w !== 0 && this.itemTrained[i]) z += w * this.itemScore(p, i);
      heap.push(i, z);
    }
    return heap.result();
  }

  /**
   * The ranking score as one dot product for the SIMD kernel: [x_u | p_u] · [y_i | w·q_i] + w·b_i,
   * the rating part only for items trained on ratings (as the reference loop adds it). Null when the
   * engine runs the TypeScript reference.
   */
  private headScorer(): RowScorer | null {
    if (!useKernels()) return null;
    if (this.cache.headScorer) return this.cache.headScorer;
    const { k: hk, Y } = this.head;
    const { itemFactors: Q, itemBias, nItems, k } = this.state;
    const w = this.params.rankingRatingWeight;
    const width = hk + k;
    const rows = new Float32Array(nItems * width);
    const bias = new Float32Array(nItems);
    for (let i = 0; i < nItems; i++) {
      rows.set(Y.subarray(i * hk, (i + 1) * hk), i * width);
      if (w === 0 || !this.itemTrained[i]) continue;
      for (let f = 0; f < k; f++) rows[i * width + hk + f] = w * Q[i * k + f];
      bias[i] = w * itemBias[i];
    }
    return (this.cache.headScorer = new RowScorer(rows, nItems, width, bias));
  }

  /** without a ranking head, recommend() scores are unclipped predicted ratings (rating scale) */
  protected scoreOffset(user: number): number {
    return this.scale.mu + (this.row(user)?.bias ?? 0);
  }

  /**
   * Predicted rating, or NaN for an item outside the model. Like Surprise, whatever is unknown drops
   * out: an item without training ratings gets μ + b_u, a user without factors μ + b_i (canScore()
   * stays false for such a user: this is a baseline, not a personalized score).
   */
  predict(user: number, item: number): number {
    if (!this.isItem(item)) return NaN;
    const row = this.row(user);
    let x = this.scale.mu + (row?.bias ?? 0);
    if (this.itemTrained[item]) x += row?.factors ? this.itemScore(row.factors, item) : this.state.itemBias[item];
    return Math.min(this.scale.maxRating, Math.max(this.scale.minRating, x));
  }

  /**
   * The rated items that pull item i up most: the alignment q_j·q_i of their factors times how much
   * the user liked j beyond its baseline (r_uj − μ − b_u − b_j). Only positive pulls are reasons.
   */
  explain(user: number, item: number): Explanation | null {
    const row = this.row(user);
    if (!row?.factors || !this.isTrainedItem(item)) return null;
    const { itemFactors: Q, itemBias, k } = this.state;
    const reasons: { item: number; rating: number; weight: number }[] = [];
    for (let q = 0; q < row.items.length; q++) {
      const j = row.items[q];
      const r = row.ratings[q];
      if (r !== r || j === item || j >= this.trainedItems) continue;
      let align = 0;
      for (let f = 0; f < k; f++) align += Q[j * k + f] * Q[item * k + f];
      const w = align * (r - this.scale.mu - row.bias - itemBias[j]);
      if (w > 0) reasons.push({ item: j, rating: r, weight: w });
    }
    if (!reasons.length) return null;
    reasons.sort((a, b) => b.weight - a.weight || a.item - b.item);
    return { kind: 'because-you-rated', items: reasons.slice(0, 5) };
  }

  /**
   * Solves the user's bias and factors by regularized least squares against the fixed item factors:
   * min Σ (r − μ − b_i − b_u − p·q_i)² + n·(λ_b b_u² + λ |p|²). The penalty grows with the number of
   * ratings n because SGD shrinks a user's parameters once per rating, so this matches training.
   */
  foldIn(user: number, interactions: UserInteractions): SvdModel {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`foldIn: user must be a non-negative integer, got ${user}`);
    const { items, ratings, weights } = cleanInteractions(interactions.items, interactions.ratings, interactions.weights, this.nItems);
    const { itemFactors: Q, itemBias, k } = this.state;
    const dim = k + 1; // [b_u, p_u]
    const A = new Float64Array(dim * dim);
    const b = new Float64Array(dim);
    const z = new Float64Array(dim);
    let n = 0;
    for (let q = 0; q < items.length; q++) {
      const i = items[q];
      const r = ratings[q];
      if (r !== r || i >= this.trainedItems || !this.itemTrained[i]) continue;
      n++;
      z[0] = 1;
      for (let f = 0; f < k; f++) z[f + 1] = Q[i * k + f];
      const target = r - this.scale.mu - itemBias[i];
      // A is symmetric: accumulate its upper triangle only (half the work of this O(n·k²) loop,
      // which dominated the write path's CPU profile), mirrored below once after the loop
      for (let a = 0; a < dim; a++) {
        const za = z[a];
        b[a] += za * target;
        const row = a * dim;
        for (let c = a; c < dim; c++) A[row + c] += za * z[c];
      }
    }
    for (let a = 1; a < dim; a++) for (let c = 0; c < a; c++) A[a * dim + c] = A[c * dim + a];
    let factors: Float32Array | null = null;
    let bias = 0;
    if (n > 0) {
      A[0] += n * this.params.biasRegularization + 1e-9;
      for (let f = 1; f < dim; f++) A[f * dim + f] += n * this.params.regularization + 1e-9;
      if (!choleskySolveInPlace(A, b, dim)) throw new Error('foldIn: singular system');
      bias = Math.fround(b[0]); // stored as float32, like the trained biases
      factors = Float32Array.from(b.subarray(1));
    }
    const next = this.withRow(user, { factors, bias, items, ratings, weights }) as SvdModel;
    if (this.head.k === 0) return next;
    const headRows = new Map(this.headRows);
    this.cache.headGram ??= headGram(this.head, this.trainedItems, RANK_HEAD_FIXED.regularization);
    headRows.set(user, foldInRankVector(this.head, this.cache.headGram, items, ratings, weights, RANK_HEAD_FIXED.alpha));
    return new SvdModel(this.params, this.scale, this.state, this.itemTrained, this.head, next.overrides, next.nUsers, this.cache, headRows, this.nItems);
  }

  protected override extraMeta(): Record<string, unknown> {
    return { scale: this.scale, headK: this.head.k };
  }

  protected override extraArrays(): Record<string, Uint8Array | Float32Array> {
    const hk = this.head.k;
    // the head's user rows with the folded-in users merged in, over all nUsers like the other arrays
    const X = new Float32Array(this.nUsers * hk);
    X.set(this.head.X.subarray(0, Math.min(this.head.X.length, X.length)));
    for (const [u, row] of this.headRows) X.set(row, u * hk);
    return { itemTrained: this.itemTrained, headX: X, headY: this.head.Y };
  }
}

export function deserializeSvd(bytes: Uint8Array): SvdModel {
  const { meta, arrays } = decodeArtifact<{
    strategy: string;
    params: SvdParams;
    k: number;
    nUsers: number;
    nItems: number;
    scale: RatingScale;
    headK?: number;
    catalog?: number;
  }>(bytes);
  if (meta.strategy !== 'svd') throw new Error(`not an svd artifact: ${meta.strategy}`);
  const state = stateFromArtifact(meta, arrays);
  const itemTrained = arrays.itemTrained;
  if (!(itemTrained instanceof Uint8Array) || itemTrained.length !== state.nItems) throw new Error('svd artifact lacks itemTrained');
  const hk = meta.headK ?? 0;
  const none = new Float32Array(0);
  // artifacts written before the head existed carry neither its arrays nor its params: "no head"
  const { headX = none, headY = none } = hk ? arrays : {};
  if (!(headX instanceof Float32Array) || !(headY instanceof Float32Array) || headX.length !== state.nUsers * hk || headY.length !== state.nItems * hk)
    throw new Error('svd artifact lacks a consistent ranking head');
  const params = { ...SVD_DEFAULTS, ...meta.params, rankingFactors: hk };
  return new SvdModel(params, meta.scale, state, itemTrained, { k: hk, X: headX, Y: headY }, undefined, undefined, undefined, undefined, meta.catalog ?? state.nItems);
}
