import type { Explanation, FactorSpace, Model, RecommendRequest, ScoredItem, StrategyName } from '../../types';
import { TopK } from '../../util/top-k';
import { encodeArtifact } from '../../util/binary';
import { useKernels } from '../../kernels/kernel-mode';
import { RowScorer } from '../../kernels/row-scorer';
import { STATE_ARRAYS, type FactorState, type UserRow } from './factor-state';

/** Lazily computed, item-only quantities shared by a model and all models folded from it. */
export interface ItemCache {
  norms?: Float64Array;
  /** training interactions per item (the taste map's popularity) */
  interactions?: Int32Array;
  gram?: Float64Array;
  /** SVD ranking head: YᵀY + λI of its item factors, for fold-in */
  headGram?: Float64Array;
  /** the SIMD kernel's copies of the item factors: with the item biases (scores) and without (cosine) */
  scorer?: RowScorer;
  cosineScorer?: RowScorer;
  /** SVD: the kernel's copy of [ranking-head item factors | weighted rating factors] */
  headScorer?: RowScorer;
  /**
   * ALS: recently explained users' factored normal equations (Cholesky L of A_u, null when singular),
   * by user index. `source` is what the row came from (the trained state, or a folded-in row object),
   * so a model whose row for the user differs never uses another model's entry.
   */
  userSystems?: Map<number, { source: object; L: Float64Array | null }>;
}

/**
 * Erasure (forget) and items new since training (withItems) are the same for every factor model:
 * - forget(user) replaces the user's row with an empty one (no factors, no bias, no seen items), so
 *   canScore is false and serialize() writes zeros and no history for them. The item factors (and
 *   SVD's item biases and ranking-head item factors) their interactions went into remain until the
 *   next training.
 * - withItems(n) accepts item indices up to n everywhere; the new items have no factors, so they are
 *   never scored, listed or similar until retraining (their factor-space vectors read as zeros).
 */
export abstract class FactorModel implements Model {
  abstract readonly strategy: StrategyName;
  abstract readonly params: Readonly<Record<string, unknown>>;
  /** the catalog's size: trained items (state.nItems) plus any added since (withItems) */
  readonly nItems: number;
  readonly k: number;
  private padded?: { vectors?: Float32Array; interactions?: Int32Array };

  /**
   * foldIn never copies the trained arrays: the new model shares them and overlays the changed
   * rows, so folding a user into a model of a million users costs one row, not the whole matrix.
   */
  protected constructor(
    protected readonly state: FactorState,
    protected readonly overrides: ReadonlyMap<number, UserRow> = new Map(),
    readonly nUsers: number = state.nUsers,
    protected readonly cache: ItemCache = {},
    catalog: number = state.nItems,
  ) {
    this.nItems = Math.max(catalog, state.nItems);
    this.k = state.k;
  }

  /**
   * The latent space, read-only: the item factors are shared (never copied), a user's vector is
   * a copy of their row (folded-in rows included), so callers cannot change the model. Items new since
   * training have zero vectors and no interactions.
   */
  get factorSpace(): FactorSpace {
    return {
      k: this.k,
      itemVectors: () => {
        if (this.nItems === this.state.nItems) return this.state.itemFactors;
        this.padded ??= {};
        if (!this.padded.vectors) {
          this.padded.vectors = new Float32Array(this.nItems * this.k);
          this.padded.vectors.set(this.state.itemFactors);
        }
        return this.padded.vectors;
      },
      userVector: (user) => {
        const f = this.row(user)?.factors;
        return f ? Float32Array.from(f) : null;
      },
      itemInteractions: () => {
        if (!this.cache.interactions) {
          const counts = new Int32Array(this.state.nItems);
          for (const i of this.state.seenItems) counts[i]++;
          this.cache.interactions = counts;
        }
        if (this.nItems === this.state.nItems) return this.cache.interactions;
        this.padded ??= {};
        if (!this.padded.interactions) {
          this.padded.interactions = new Int32Array(this.nItems);
          this.padded.interactions.set(this.cache.interactions);
        }
        return this.padded.interactions;
      },
    };
  }

  /** items with factors: those known at training */
  protected get trainedItems(): number {
    return this.state.nItems;
  }

  protected isTrainedItem(item: number): boolean {
    return Number.isInteger(item) && item >= 0 && item < this.state.nItems;
  }

  /** a model of the same kind with these user rows over a catalog of `catalog` items (default: the same) */
  protected abstract derive(overrides: ReadonlyMap<number, UserRow>, nUsers: number, catalog?: number): FactorModel;

  abstract explain(user: number, item: number): Explanation | null;

  /** the per-user constant added to every item's score (SVD: global mean + user bias; ALS: 0) */
  protected abstract scoreOffset(user: number): number;

  protected isUser(user: number): boolean {
    return Number.isInteger(user) && user >= 0 && user < this.nUsers;
  }

  protected isItem(item: number): boolean {
    return Number.isInteger(item) && item >= 0 && item < this.nItems;
  }

  /** what the user's row is read from: their folded-in row object, else the trained state (identity, for caches) */
  protected rowSource(user: number): object {
    return this.overrides.get(user) ?? this.state;
  }

  /** the user's row: from the overlay, else a view of the trained arrays, else null (unknown) */
  protected row(user: number): UserRow | null {
    if (!this.isUser(user)) return null;
    const o = this.overrides.get(user);
    if (o) return o;
    const s = this.state;
    if (user >= s.nUsers) return null;
    const a = s.seenPtr[user];
    const b = s.seenPtr[user + 1];
    return {
      factors: s.userTrained[user] ? s.userFactors.subarray(user * s.k, (user + 1) * s.k) : null,
      bias: s.userBias.length ? s.userBias[user] : 0,
      items: s.seenItems.subarray(a, b),
      ratings: s.seenRatings.subarray(a, b),
      weights: s.seenWeights.subarray(a, b),
    };
  }

  protected withRow(user: number, row: UserRow): FactorModel {
    const overrides = new Map(this.overrides);
    overrides.set(user, row);
    return this.derive(overrides, Math.max(this.nUsers, user + 1));
  }

  /** erasure: see the class comment (a user the model never knew: the model itself) */
  forget(user: number): Model {
    return this.isUser(user) ? this.withRow(user, emptyRow()) : this;
  }

  /** see the class comment */
  withItems(nItems: number): Model {
    if (!Number.isInteger(nItems) || nItems < this.nItems) throw new RangeError(`withItems: nItems must be an integer ≥ ${this.nItems}, got ${nItems}`);
    return nItems === this.nItems ? this : this.derive(this.overrides, this.nUsers, nItems);
  }

  canScore(user: number): boolean {
    return this.row(user)?.factors != null;
  }

  /** raw score of one item for a factor row, without the user offset */
  protected itemScore(p: ArrayLike<number>, item: number): number {
    const s = this.state;
    const k = s.k;
    const Q = s.itemFactors;
    const o = item * k;
    let x = s.itemBias.length ? s.itemBias[item] : 0;
    for (let f = 0; f < k; f++) x += p[f] * Q[o + f];
    return x;
  }

  recommend(req: RecommendRequest): ScoredItem[] {
    const row = this.row(req.user);
    if (!row?.factors || !(req.k > 0)) return [];
    const nItems = this.nItems;
    const skip = new Uint8Array(nItems);
    if (req.excludeSeen !== false) for (const i of row.items) skip[i] = 1;
    if (req.exclude) {
      const ex = req.exclude instanceof Set ? req.exclude : Array.from(req.exclude);
      for (const i of ex) if (this.isItem(i)) skip[i] = 1;
    }
    const filter = req.filter;
    const offset = this.scoreOffset(req.user);
    const heap = new TopK(Math.min(Math.floor(req.k), nItems));
    const scorer = this.scorer(true);
    // items new since training have no factors: never scored
    if (scorer) {
      const scores = scorer.score(row.factors);
      for (let i = 0; i < this.state.nItems; i++) {
        if (skip[i] || (filter && !filter(i))) continue;
        heap.push(i, offset + scores[i]);
      }
    } else {
      const p = Float64Array.from(row.factors);
      for (let i = 0; i < this.state.nItems; i++) {
        if (skip[i] || (filter && !filter(i))) continue;
        heap.push(i, offset + this.itemScore(p, i));
      }
    }
    return heap.result();
  }

  /**
   * The SIMD kernel over the trained item factors (with the item biases, or without for cosine),
   * copied on first use and shared with every model folded from this one; null when the engine runs
   * the TypeScript reference (kernel-mode.ts).
   */
  protected scorer(withBias: boolean): RowScorer | null {
    if (!useKernels()) return null;
    const s = this.state;
    const bias = withBias && s.itemBias.length ? s.itemBias : null;
    if (!bias) return (this.cache.cosineScorer ??= new RowScorer(s.itemFactors, s.nItems, s.k));
    return (this.cache.scorer ??= new RowScorer(s.itemFactors, s.nItems, s.k, bias));
  }

  /** items whose factor vectors point the same way (cosine), the item itself excluded */
  similarItems(item: number, k: number): ScoredItem[] {
    if (!this.isTrainedItem(item) || !(k > 0)) return [];
    const { itemFactors: Q, k: dim, nItems } = this.state;
    const norms = this.itemNorms();
    const ni = norms[item];
    if (ni === 0) return [];
    const heap = new TopK(Math.min(Math.floor(k), nItems - 1));
    const o = item * dim;
    const scorer = this.scorer(false);
    if (scorer) {
      const dots = scorer.score(Q.subarray(o, o + dim));
      for (let j = 0; j < nItems; j++) if (j !== item && norms[j] !== 0) heap.push(j, dots[j] / (ni * norms[j]));
      return heap.result();
    }
    for (let j = 0; j < nItems; j++) {
      if (j === item || norms[j] === 0) continue;
      let d = 0;
      const oj = j * dim;
      for (let f = 0; f < dim; f++) d += Q[o + f] * Q[oj + f];
      heap.push(j, d / (ni * norms[j]));
    }
    return heap.result();
  }

  protected itemNorms(): Float64Array {
    if (!this.cache.norms) {
      const { itemFactors: Q, k, nItems } = this.state;
      const norms = new Float64Array(nItems);
      for (let j = 0; j < nItems; j++) {
        let s = 0;
        for (let f = 0; f < k; f++) s += Q[j * k + f] * Q[j * k + f];
        norms[j] = Math.sqrt(s);
      }
      this.cache.norms = norms;
    }
    return this.cache.norms;
  }

  /** the trained arrays with the overlay merged in: what serialize() stores */
  protected materialize(): FactorState {
    const s = this.state;
    if (this.overrides.size === 0 && this.nUsers === s.nUsers) return s;
    const n = this.nUsers;
    const k = s.k;
    const rows: UserRow[] = [];
    let nnz = 0;
    for (let u = 0; u < n; u++) {
      const r = this.row(u) ?? emptyRow();
      rows.push(r);
      nnz += r.items.length;
    }
    const out: FactorState = {
      k,
      nUsers: n,
      nItems: s.nItems,
      userFactors: new Float32Array(n * k),
      itemFactors: s.itemFactors,
      userBias: s.userBias.length ? new Float32Array(n) : new Float32Array(0),
      itemBias: s.itemBias,
      userTrained: new Uint8Array(n),
      seenPtr: new Int32Array(n + 1),
      seenItems: new Int32Array(nnz),
      seenRatings: new Float32Array(nnz),
      seenWeights: new Float32Array(nnz),
    };
    let p = 0;
    rows.forEach((r, u) => {
      if (r.factors) {
        out.userFactors.set(r.factors, u * k);
        out.userTrained[u] = 1;
      }
      if (out.userBias.length) out.userBias[u] = r.bias;
      out.seenItems.set(r.items, p);
      out.seenRatings.set(r.ratings, p);
      out.seenWeights.set(r.weights, p);
      p += r.items.length;
      out.seenPtr[u + 1] = p;
    });
    return out;
  }

  serialize(): Uint8Array {
    const s = this.materialize();
    const arrays = Object.fromEntries(STATE_ARRAYS.map((name) => [name, s[name]]));
    // the catalog is recorded only when it grew since training, so other artifacts stay as they were
    const catalog = this.nItems > s.nItems ? { catalog: this.nItems } : {};
    return encodeArtifact(
      { strategy: this.strategy, params: this.params, k: s.k, nUsers: s.nUsers, nItems: s.nItems, ...catalog, ...this.extraMeta() },
      { ...(arrays as Record<string, Float32Array>), ...this.extraArrays() },
    );
  }

  /** model-specific arrays stored beside the factor state */
  protected extraArrays(): Record<string, Uint8Array | Float32Array | Int32Array> {
    return {};
  }

  /** model-specific scalars (e.g. the global mean) stored beside the arrays */
  protected extraMeta(): Record<string, unknown> {
    return {};
  }
}

function emptyRow(): UserRow {
  return { factors: null, bias: 0, items: new Int32Array(0), ratings: new Float32Array(0), weights: new Float32Array(0) };
}
