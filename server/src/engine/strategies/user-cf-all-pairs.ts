/**
 * Every trained user's neighbours at once, each pair computed once: user u only walks the part of
 * each of its items' (similarity) columns after itself (columns are sorted by user, and a per-item
 * cursor marks where u sits), then the pair's similarity goes into both users' bounded heaps.
 * Half the work of one findNeighbours per user, with bit-identical similarities as long as no column
 * was thinned (a thinned-out user still meets everyone on its other items).
 * The TypeScript reference: with kernels on, fit runs its twin, userCfPairs (kernels/user-cf-kernel.ts),
 * which gives the same table on every thread.
 */
import type { FitOptions } from '../types';
import type { InteractionMatrix } from './interaction-matrix';
import { nextTick, throwIfAborted } from './shared';
import type { NeighbourTable } from './user-cf-erasure';
import { similarity, worse, type CentredMatrix, type NeighbourParams } from './user-cf-neighbours';

export class AllNeighbours {
  private readonly heapIdx: Int32Array;
  private readonly heapSim: Float64Array;
  readonly count: Int32Array;
  /** per user, the similarity a candidate needs to enter its full heap (-Infinity while not full) */
  private readonly bar: Float64Array;
  private readonly cursor: Int32Array;
  private readonly acc: Float64Array; // per other user: dot, sqSelf, sqOther, shared
  private readonly touched: Int32Array;

  constructor(
    private readonly m: InteractionMatrix,
    private readonly c: CentredMatrix,
    private readonly p: NeighbourParams,
  ) {
    const nU = m.baseUsers;
    this.heapIdx = new Int32Array(nU * p.pool);
    this.heapSim = new Float64Array(nU * p.pool);
    this.count = new Int32Array(nU);
    this.bar = new Float64Array(nU).fill(-Infinity);
    this.cursor = c.simPtr.slice(0, m.nItems);
    this.acc = new Float64Array(nU * 4);
    this.touched = new Int32Array(nU);
  }

  /** processes users [from, to); call with consecutive ranges from 0 */
  run(from: number, to: number): void {
    const { userPtr, userItems } = this.m;
    const { simPtr: itemPtr, simUsers: itemUsers, simValues: values, simNegative: negative } = this.c;
    const { acc, touched, cursor } = this;
    const pearson = this.p.similarity === 'pearson';
    for (let u = from; u < to; u++) {
      let nTouched = 0;
      for (let pos = userPtr[u]; pos < userPtr[u + 1]; pos++) {
        const item = userItems[pos];
        const self = cursor[item];
        // u's own entry: the cursor's, unless u was thinned out of this column
        if (self >= itemPtr[item + 1] || itemUsers[self] !== u) continue;
        cursor[item]++;
        const a = values[self];
        const a2 = a * a;
        // a pair of negative entries is left out, as findNeighbours does
        const skipNegative = negative !== null && negative[self] === 1;
        for (let q = self + 1, e = itemPtr[item + 1]; q < e; q++) {
          if (skipNegative && negative[q] === 1) continue;
          const o = itemUsers[q] << 2;
          if (acc[o + 3] === 0) touched[nTouched++] = o >> 2;
          const b = values[q];
          acc[o] += a * b;
          acc[o + 1] += a2;
          acc[o + 2] += b * b;
          acc[o + 3]++;
        }
      }
      for (let t = 0; t < nTouched; t++) {
        const v = touched[t];
        const o = v << 2;
        const n = acc[o + 3];
        if (n >= this.p.minSupport) {
          const sim = pearson ? similarity(this.p, acc[o], acc[o + 1], acc[o + 2], n) : similarity(this.p, acc[o], this.c.normSq[u], this.c.normSq[v], n);
          if (sim > this.p.minSimilarity) {
            this.push(u, v, sim);
            this.push(v, u, sim);
          }
        }
        acc[o] = 0;
        acc[o + 1] = 0;
        acc[o + 2] = 0;
        acc[o + 3] = 0;
      }
    }
  }

  /** bounded min-heap per user in the flat arrays; ties keep the lower user index (as TopK does) */
  private push(u: number, v: number, sim: number): void {
    // most candidates lose to a full heap: decide that from a compact array, without touching the heap
    if (sim < this.bar[u]) return;
    const P = this.p.pool;
    const base = u * P;
    const idx = this.heapIdx;
    const sims = this.heapSim;
    let size = this.count[u];
    if (size < P) {
      let i = size++;
      this.count[u] = size;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(sim, v, sims[base + parent], idx[base + parent])) break;
        idx[base + i] = idx[base + parent];
        sims[base + i] = sims[base + parent];
        i = parent;
      }
      idx[base + i] = v;
      sims[base + i] = sim;
      if (size === P) this.bar[u] = sims[base];
      return;
    }
    if (worse(sims[base], idx[base], sim, v)) {
      this.siftDown(base, P, v, sim);
      this.bar[u] = sims[base];
    }
  }

  /** each user's pool best first (similarity desc, then user index), similarities as float32 */
  result(): { nbrIdx: Int32Array; nbrSim: Float32Array; nbrCount: Int32Array } {
    const P = this.p.pool;
    const nbrIdx = new Int32Array(this.heapIdx.length);
    const nbrSim = new Float32Array(this.heapSim.length);
    for (let u = 0; u < this.count.length; u++) {
      // heap-sort: pop the worst into the last free slot until the heap is empty
      const base = u * P;
      for (let size = this.count[u]; size > 0; size--) {
        nbrIdx[base + size - 1] = this.heapIdx[base];
        nbrSim[base + size - 1] = this.heapSim[base];
        this.siftDown(base, size - 1, this.heapIdx[base + size - 1], this.heapSim[base + size - 1]);
      }
    }
    return { nbrIdx, nbrSim, nbrCount: this.count };
  }

  /** puts (v, sim) at the root of the heap of `size` entries at `base` and restores the heap order */
  private siftDown(base: number, size: number, v: number, sim: number): void {
    const idx = this.heapIdx;
    const sims = this.heapSim;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let ch = l;
      if (r < size && worse(sims[base + r], idx[base + r], sims[base + l], idx[base + l])) ch = r;
      if (!worse(sims[base + ch], idx[base + ch], sim, v)) break;
      idx[base + i] = idx[base + ch];
      sims[base + i] = sims[base + ch];
      i = ch;
    }
    idx[base + i] = v;
    sims[base + i] = sim;
  }
}

/** the neighbour table in TypeScript (AllNeighbours): the reference, and what runs with ENGINE_KERNELS=reference */
export async function allNeighboursReference(matrix: InteractionMatrix, centred: CentredMatrix, params: NeighbourParams, options: FitOptions): Promise<NeighbourTable> {
  const nU = matrix.baseUsers;
  const all = new AllNeighbours(matrix, centred, params);
  const CHUNK = 256;
  for (let u = 0; u < nU; u += CHUNK) {
    all.run(u, Math.min(nU, u + CHUNK));
    if (u + CHUNK < nU) {
      // later users walk shorter column tails, so progress by users is pessimistic early on
      options.onProgress?.({ progress: (u + CHUNK) / nU, stage: 'neighbours' });
      await nextTick();
      throwIfAborted(options.signal);
    }
  }
  return all.result();
}
