/**
 * Item-based collaborative filtering (Sarwar et al. 2001; Deshpande & Karypis 2004): fit keeps, for
 * every item, its `neighbours` most similar items — cosine of the item columns (every interaction a
 * positive, implicit events by damped weight), shrunk by n / (n + shrinkage) for n shared users.
 * A user's score for an item is the sum of its similarities to the items in the user's history, so
 * the reason is direct: "Because you liked X", "People who liked X also liked this".
 * User-independent apart from the history rows, so fold-in is just the user's new row.
 * Tuned on ml-latest-small (see ITEM_CF_PARAMS); scores are not ratings, so there is no predict().
 *
 * Negative entries (dislikes, see dataset.ts): similarities are learned from entries with a
 * non-negative weight only, so two items are never made alike by being disliked by the same people
 * (and a like/dislike pair does not make them unlike either: the neighbour table holds positive
 * similarities). When scoring, a negative history entry counts with its sign (signedStrength): it
 * subtracts from its neighbours' scores what a like of the same weight would have added, so a
 * dislike pushes down what resembles the disliked item; only items scoring above zero are listed.
 * New items since training: see item-cf-fresh.ts.
 */
import type { Dataset } from '../dataset/dataset';
import type { Explanation, FitOptions, Model, RecommendRequest, ScoredItem, Strategy, UserInteractions } from '../types';
import { decodeArtifact, encodeArtifact } from '../util/binary';
import { InteractionMatrix, rowFromInteractions } from './interaction-matrix';
import { FreshNeighbours, type FreshList } from './item-cf-fresh';
import { entryStrength, signedStrength } from './item-neighbours';
import { readParams, type ParamSpec } from './params';
import { forEachBlocked, indexInRow, nextTick, requestK, throwIfAborted } from './shared';
import { TopScores } from './top-scores';
import { engineThreads, useKernels } from '../kernels/kernel-mode';
import { itemNeighboursKernel } from '../kernels/item-cf-kernel';

export interface ItemCfParams {
  neighbours: number;
  shrinkage: number;
  /** weight of the candidate's norm in the cosine's denominator (0.5: plain cosine) */
  asymmetry: number;
}

const NAME = 'itemcf';

/**
 * Chosen on a validation split of ml-latest-small's fold 0 (20% of each user's training items held
 * out; most-popular 0.127, ALS 0.215 there): neighbours {20, 50, 100} × shrinkage {0, 10, 50} ×
 * asymmetry {0.5, 0.8} all gave NDCG@10 0.169–0.178; 50 / 0 / 0.5 scored 0.177 at a third of the fit
 * time of 100 neighbours. Shrinkage and asymmetry help "items like this one" (fewer obscure or
 * blockbuster neighbours) more than the top-N sum. 5-fold figures: README, evaluation table.
 */
export const ITEM_CF_PARAMS: readonly ParamSpec[] = [
  { name: 'neighbours', kind: 'integer', min: 1, max: 10_000, default: 50, description: 'most similar items kept per item' },
  { name: 'shrinkage', kind: 'number', min: 0, max: 1e6, default: 0, description: 'similarity shrunk by n / (n + shrinkage) for n shared users' },
  {
    name: 'asymmetry',
    kind: 'number',
    min: 0,
    max: 1,
    default: 0.5,
    description: "weight of the neighbour's norm in the cosine (0.5: plain cosine; higher damps popular neighbours)",
  },
];

/** items per event-loop turn while fitting, so an abort lands */
const CHUNK = 256;

export class ItemCfStrategy implements Strategy<ItemCfParams> {
  readonly name = NAME;
  readonly params: Readonly<ItemCfParams>;

  constructor(params: Partial<ItemCfParams> = {}) {
    this.params = Object.freeze(readParams<ItemCfParams>(NAME, ITEM_CF_PARAMS, params));
  }

  async fit(d: Dataset, options: FitOptions = {}): Promise<Model> {
    throwIfAborted(options.signal);
    const m = InteractionMatrix.fromDataset(d);
    const { neighbours: K, shrinkage, asymmetry: a } = this.params;
    const nI = d.nItems;
    const norm = new Float64Array(nI);
    for (let i = 0; i < nI; i++) {
      let s = 0;
      for (let q = m.itemPtr[i]; q < m.itemPtr[i + 1]; q++) s += entryStrength(m.itemWeights[q]) ** 2;
      norm[i] = Math.sqrt(s);
    }
    // the WebAssembly kernel on every thread, or the reference below: the same table (see item-cf-kernel.ts)
    const { nbrIdx, nbrSim } =
      (useKernels() ? await itemNeighboursKernel(m, norm, K, shrinkage, a, engineThreads(), options) : null) ?? (await itemNeighboursReference(m, norm, this.params, options));
    options.onProgress?.({ progress: 1, stage: 'done' });
    return new ItemCfModel(this.params, m, nbrIdx, nbrSim, norm);
  }
}

/**
 * The neighbour table in TypeScript: the reference the kernel is tested against, and what runs with
 * ENGINE_KERNELS=reference. Per item: walk its users' rows, scatter-add the co-occurrence, keep the top K.
 */
async function itemNeighboursReference(
  m: InteractionMatrix,
  norm: Float64Array,
  params: Readonly<ItemCfParams>,
  options: FitOptions,
): Promise<{ nbrIdx: Int32Array; nbrSim: Float32Array }> {
  const { neighbours: K, shrinkage, asymmetry: a } = params;
  const nI = m.nItems;
  // negative entries take no part in similarities (not even in the shared-user counts)
  const nbrIdx = new Int32Array(nI * K).fill(-1);
  const nbrSim = new Float32Array(nI * K);
  const acc = new Float64Array(nI);
  const shared = new Int32Array(nI);
  const touched = new Int32Array(nI);
  for (let i = 0; i < nI; i++) {
    if (i % CHUNK === 0 && i > 0) {
      options.onProgress?.({ progress: i / nI, stage: 'item neighbours' });
      await nextTick();
      throwIfAborted(options.signal);
    }
    let nt = 0;
    for (let q = m.itemPtr[i]; q < m.itemPtr[i + 1]; q++) {
      if (m.itemWeights[q] < 0) continue;
      const u = m.itemUsers[q];
      const x = entryStrength(m.itemWeights[q]);
      for (let p = m.userPtr[u]; p < m.userPtr[u + 1]; p++) {
        if (m.userWeights[p] < 0) continue;
        const j = m.userItems[p];
        if (shared[j] === 0) touched[nt++] = j;
        acc[j] += x * entryStrength(m.userWeights[p]);
        shared[j]++;
      }
    }
    const top = new TopScores(K);
    const ni = Math.pow(norm[i], 1 - a);
    for (let t = 0; t < nt; t++) {
      const j = touched[t];
      if (j !== i && acc[j] > 0) {
        const n = shared[j];
        top.push(j, (acc[j] / (ni * Math.pow(norm[j], a))) * (n / (n + shrinkage)));
      }
      acc[j] = 0;
      shared[j] = 0;
    }
    top.result().forEach((s, r) => {
      nbrIdx[i * K + r] = s.item;
      nbrSim[i * K + r] = s.score;
    });
  }
  return { nbrIdx, nbrSim };
}

export class ItemCfModel implements Model {
  readonly strategy = NAME;
  readonly nItems: number;
  readonly nUsers: number;
  /** items in the neighbour table; those from here to nItems are new since training */
  private readonly trainedItems: number;
  private readonly fresh: FreshNeighbours;

  constructor(
    readonly params: Readonly<ItemCfParams>,
    /** the users' histories (what they liked, what is never recommended again) */
    private readonly matrix: InteractionMatrix,
    /** trainedItems × neighbours, best first, -1 past an item's last neighbour */
    private readonly nbrIdx: Int32Array,
    private readonly nbrSim: Float32Array,
    /** each trained item's column norm (of positive strengths), as fit used it */
    private readonly norm: Float64Array,
    fresh?: FreshNeighbours,
  ) {
    this.nItems = matrix.nItems;
    this.nUsers = matrix.nUsers;
    this.trainedItems = nbrIdx.length / params.neighbours;
    this.fresh = fresh ?? FreshNeighbours.fromRows(this.trainedItems, matrix.overrides);
  }

  private isItem(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.nItems;
  }

  /** a new item's neighbour list (computed from the folded-in users' rows) */
  private freshList(item: number): FreshList {
    return this.fresh.list(item, this.matrix, this.norm, this.params);
  }

  /** calls visit(neighbour, similarity) for the item's neighbours, best first */
  private forEachNeighbour(item: number, visit: (j: number, sim: number) => void): void {
    if (item >= this.trainedItems) {
      const l = this.freshList(item);
      for (let r = 0; r < l.idx.length; r++) visit(l.idx[r], l.sim[r]);
      return;
    }
    const K = this.params.neighbours;
    const o = item * K;
    for (let r = 0; r < K; r++) {
      const j = this.nbrIdx[o + r];
      if (j < 0) break;
      visit(j, this.nbrSim[o + r]);
    }
  }

  private hasNeighbours(item: number): boolean {
    return item >= this.trainedItems ? this.freshList(item).idx.length > 0 : this.nbrIdx[item * this.params.neighbours] >= 0;
  }

  /** a liked (non-negative) history item with at least one neighbour gives the user something to score */
  canScore(user: number): boolean {
    if (!Number.isInteger(user) || !this.matrix.isKnown(user)) return false;
    const row = this.matrix.row(user);
    for (let q = 0; q < row.items.length; q++) {
      if (signedStrength(row.ratings[q], row.weights[q]) > 0 && this.hasNeighbours(row.items[q])) return true;
    }
    return false;
  }

  /**
   * Σ over the user's history of similarity × the entry's signed strength, for every reachable item.
   * A new item is reached from a trained history item through its own list (the trained lists do not
   * know it); through a new history item's list like any other.
   */
  private scores(user: number): Float64Array {
    const K = this.params.neighbours;
    const acc = new Float64Array(this.nItems);
    const row = this.matrix.row(user);
    for (let q = 0; q < row.items.length; q++) {
      const i = row.items[q];
      const x = signedStrength(row.ratings[q], row.weights[q]);
      if (x === 0) continue;
      if (i >= this.trainedItems) {
        this.forEachNeighbour(i, (j, sim) => {
          acc[j] += x * sim;
        });
        continue;
      }
      const o = i * K;
      for (let r = 0; r < K; r++) {
        const j = this.nbrIdx[o + r];
        if (j < 0) break;
        acc[j] += x * this.nbrSim[o + r];
      }
    }
    if (this.fresh.size) {
      for (const n of this.fresh.active) {
        this.forEachNeighbour(n, (j, sim) => {
          if (j >= this.trainedItems) return;
          const q = indexInRow(row.items, 0, row.items.length, j);
          if (q >= 0) acc[n] += signedStrength(row.ratings[q], row.weights[q]) * sim;
        });
      }
    }
    return acc;
  }

  recommend(req: RecommendRequest): ScoredItem[] {
    const k = requestK(req.k);
    if (k === 0 || !this.canScore(req.user)) return [];
    const acc = this.scores(req.user);
    forEachBlocked(this.nItems, req, this.matrix.row(req.user).items, (i) => {
      acc[i] = 0;
    });
    const top = new TopScores(Math.min(k, this.nItems));
    const { filter } = req;
    for (let j = 0; j < this.nItems; j++) if (acc[j] > 0 && (!filter || filter(j))) top.push(j, acc[j]);
    return top.result();
  }

  /** the liked history items whose neighbour the recommended item is, strongest pull first */
  explain(user: number, item: number): Explanation | null {
    if (!this.isItem(item) || !this.matrix.isKnown(user)) return null;
    const row = this.matrix.row(user);
    const items: { item: number; rating: number; weight: number }[] = [];
    for (let q = 0; q < row.items.length; q++) {
      const i = row.items[q];
      const x = signedStrength(row.ratings[q], row.weights[q]);
      if (x <= 0) continue;
      let sim = 0;
      this.forEachNeighbour(i, (j, s) => {
        if (j === item) sim = s;
      });
      // a new item is reached from trained history items through its own list
      if (sim === 0 && item >= this.trainedItems && i < this.trainedItems)
        this.forEachNeighbour(item, (j, s) => {
          if (j === i) sim = s;
        });
      if (sim > 0) items.push({ item: i, rating: row.ratings[q], weight: x * sim });
    }
    if (!items.length) return null;
    items.sort((x, y) => y.weight - x.weight || x.item - y.item);
    return { kind: 'item-neighbours', items: items.slice(0, 5) };
  }

  similarItems(item: number, k: number): ScoredItem[] {
    if (!this.isItem(item)) return [];
    const out: ScoredItem[] = [];
    const n = requestK(k);
    this.forEachNeighbour(item, (j, sim) => {
      if (out.length < n) out.push({ item: j, score: sim });
    });
    return out;
  }

  /** the item neighbours stay as trained; the user's row is replaced (and new items they hold re-listed) */
  foldIn(user: number, interactions: UserInteractions): ItemCfModel {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`foldIn: user must be a non-negative index, got ${user}`);
    const row = rowFromInteractions(this.nItems, interactions);
    const fresh = this.fresh.withRowChanged(user, this.matrix.overrides.get(user) ?? null, row);
    return new ItemCfModel(this.params, this.matrix.withRow(user, row), this.nbrIdx, this.nbrSim, this.norm, fresh);
  }

  /**
   * Erasure: the user's row is gone (their list, their seen items, the artifact's copy) and new items'
   * lists no longer use it. What remains until retraining: the trained neighbour table and column
   * norms, which every trained user's interactions went into.
   */
  forget(user: number): ItemCfModel {
    const fresh = this.fresh.withRowChanged(user, this.matrix.overrides.get(user) ?? null, null);
    return new ItemCfModel(this.params, this.matrix.without(user), this.nbrIdx, this.nbrSim, this.norm, fresh);
  }

  /** new items get neighbour lists from the folded-in users who interact with them */
  withItems(nItems: number): ItemCfModel {
    const matrix = this.matrix.withItems(nItems);
    return matrix === this.matrix ? this : new ItemCfModel(this.params, matrix, this.nbrIdx, this.nbrSim, this.norm, this.fresh);
  }

  serialize(): Uint8Array {
    return encodeArtifact(
      { strategy: NAME, params: this.params, nItems: this.nItems },
      {
        ...this.matrix.toArrays(),
        nbrIdx: this.nbrIdx,
        nbrSim: this.nbrSim,
        norm: this.norm,
      },
    );
  }
}

export function deserializeItemCf(bytes: Uint8Array): ItemCfModel {
  const { meta, arrays } = decodeArtifact<{ strategy: string; params: ItemCfParams; nItems: number }>(bytes);
  if (meta.strategy !== NAME) throw new Error(`not an itemcf artifact: ${meta.strategy}`);
  const params = new ItemCfStrategy(meta.params).params;
  const { nbrIdx, nbrSim } = arrays;
  const trained = nbrIdx.length / params.neighbours;
  if (!(nbrIdx instanceof Int32Array) || !(nbrSim instanceof Float32Array) || !Number.isInteger(trained) || trained > meta.nItems) {
    throw new Error('itemcf artifact lacks a consistent neighbour table');
  }
  const matrix = InteractionMatrix.fromArrays(meta.nItems, arrays as never);
  // artifacts written before the norms were stored: recompute them from the (trained) columns
  const norm = arrays.norm instanceof Float64Array ? arrays.norm : trainedNorms(matrix, trained);
  return new ItemCfModel(params, matrix, nbrIdx, nbrSim, norm);
}

function trainedNorms(m: InteractionMatrix, n: number): Float64Array {
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = m.itemPtr[i]; q < m.itemPtr[i + 1]; q++) s += entryStrength(m.itemWeights[q]) ** 2;
    norm[i] = Math.sqrt(s);
  }
  return norm;
}
