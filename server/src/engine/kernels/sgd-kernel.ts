import { KernelThreads } from './kernel-threads';
import { instantiate, MemoryLayout, type KernelExports } from './wasm-module';

/**
 * The SGD epoch of biased matrix factorization as a SIMD kernel (server/kernels/assembly/sgd.ts).
 * Every array the epoch touches lives in the kernel's memory and is handed out as a view: the
 * trainer fills and shuffles the triples and reads the factors there. Factor rows are `dim` floats,
 * k rounded up to a multiple of 4 (the padding stays zero: its updates are 0·shrink + step·0).
 *
 * On T > 1 threads an epoch is blocked (as in DSGD): users and items fall in T groups each (index
 * mod T), the shuffled triples are sorted, stably, into the T×T blocks, and in each of T rounds
 * thread t sweeps block (t, t + round mod T). No two threads then touch the same user or item, so
 * nothing is shared while they run and the result depends only on the seed and T — not on timing.
 * T = 1 is exactly the single sweep over the shuffled triples.
 */
export class SgdKernel {
  readonly dim: number;
  readonly U: Int32Array;
  readonly I: Int32Array;
  readonly R: Float32Array;
  readonly P: Float32Array;
  readonly Q: Float32Array;
  readonly bu: Float32Array;
  readonly bi: Float32Array;
  private readonly k: KernelExports;
  private readonly at: Record<'U' | 'I' | 'R' | 'P' | 'Q' | 'bu' | 'bi' | 'U2' | 'I2' | 'R2', number>;
  private readonly blocked: { U: Int32Array; I: Int32Array; R: Float32Array } | null;
  private readonly pool: KernelThreads | null;

  constructor(
    n: number,
    nUsers: number,
    nItems: number,
    k: number,
    readonly threads = 1,
  ) {
    this.dim = (k + 3) & ~3;
    const t = threads > 1 ? n : 0;
    const sizes = {
      U: n * 4,
      I: n * 4,
      R: n * 4,
      P: nUsers * this.dim * 4,
      Q: nItems * this.dim * 4,
      bu: nUsers * 4,
      bi: nItems * 4,
      U2: t * 4,
      I2: t * 4,
      R2: t * 4,
    };
    const layout = new MemoryLayout();
    const at = {} as Record<keyof typeof sizes, number>;
    for (const name of Object.keys(sizes) as (keyof typeof sizes)[]) at[name] = layout.take(sizes[name]);
    const { exports, memory, module } = instantiate(layout.bytes);
    this.k = exports;
    this.at = at;
    const b = memory.buffer;
    this.U = new Int32Array(b, at.U, n);
    this.I = new Int32Array(b, at.I, n);
    this.R = new Float32Array(b, at.R, n);
    this.P = new Float32Array(b, at.P, nUsers * this.dim);
    this.Q = new Float32Array(b, at.Q, nItems * this.dim);
    this.bu = new Float32Array(b, at.bu, nUsers);
    this.bi = new Float32Array(b, at.bi, nItems);
    this.blocked = t ? { U: new Int32Array(b, at.U2, n), I: new Int32Array(b, at.I2, n), R: new Float32Array(b, at.R2, n) } : null;
    this.pool = threads > 1 ? new KernelThreads(module, memory, threads - 1) : null;
  }

  /** one pass over the first n triples (blocked over the threads); the sum of squared errors */
  async sweep(n: number, mu: number, lr: number, shrink: number, blr: number, breg: number): Promise<number> {
    const a = this.at;
    const T = this.threads;
    if (!this.blocked || !this.pool) return this.k.sgdSweep(a.U, a.I, a.R, n, a.P, a.Q, a.bu, a.bi, mu, this.dim, lr, shrink, blr, breg);
    const starts = this.sortIntoBlocks(n);
    const call = (block: number): [number, number, number, number] => {
      const from = starts[block];
      return [a.U2 + 4 * from, a.I2 + 4 * from, a.R2 + 4 * from, starts[block + 1] - from];
    };
    let sse = 0;
    for (let round = 0; round < T; round++) {
      const others: Promise<number>[] = [];
      for (let t = 1; t < T; t++) {
        const [u, i, r, count] = call(t * T + ((t + round) % T));
        others.push(this.pool.call(t - 1, 'sgdSweep', [u, i, r, count, a.P, a.Q, a.bu, a.bi, mu, this.dim, lr, shrink, blr, breg]));
      }
      const [u, i, r, count] = call(round % T);
      sse += this.k.sgdSweep(u, i, r, count, a.P, a.Q, a.bu, a.bi, mu, this.dim, lr, shrink, blr, breg);
      for (const x of await Promise.all(others)) sse += x;
    }
    return sse;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** the first n triples, stably sorted into blocks (user mod T, item mod T); returns block starts */
  private sortIntoBlocks(n: number): Int32Array {
    const T = this.threads;
    const { U, I, R } = this;
    const out = this.blocked!;
    const starts = new Int32Array(T * T + 1);
    for (let j = 0; j < n; j++) starts[(U[j] % T) * T + (I[j] % T) + 1]++;
    for (let b = 0; b < T * T; b++) starts[b + 1] += starts[b];
    const next = starts.slice(0, T * T);
    for (let j = 0; j < n; j++) {
      const p = next[(U[j] % T) * T + (I[j] % T)]++;
      out.U[p] = U[j];
      out.I[p] = I[j];
      out.R[p] = R[j];
    }
    return starts;
  }
}

/** rows of `from` floats each (the first `to` of them kept), as a new array of rows of `to` floats */
export function narrowRows(a: Float32Array, rows: number, from: number, to: number): Float32Array {
  if (from === to) return a.slice();
  const out = new Float32Array(rows * to);
  for (let r = 0; r < rows; r++) out.set(a.subarray(r * from, r * from + to), r * to);
  return out;
}
