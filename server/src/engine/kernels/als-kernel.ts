import { KernelThreads } from './kernel-threads';
import { instantiate, MemoryLayout, type KernelExports } from './wasm-module';

export interface AlsKernelExports {
  alsGram(F: number, n: number, k: number, ridge: number, G: number): void;
  alsSolveRows(T: number, F: number, G: number, ptr: number, idx: number, w: number, from: number, to: number, k: number, alpha: number, cgSteps: number, scratch: number): void;
  alsLossRows(X: number, Y: number, G: number, ptr: number, idx: number, w: number, from: number, to: number, k: number, alpha: number, tmp: number): number;
}

/** one side of the interaction matrix in CSR form: rows, their entries, each entry's signal */
export interface AlsSide {
  n: number;
  ptr: Int32Array;
  idx: Int32Array;
  signal: Float32Array;
}

/**
 * The ALS half-iterations as SIMD kernels (server/kernels/assembly/als.ts). X, Y, both CSR sides and
 * the Gram matrix live in the kernel's memory; X and Y are handed out as views. The kernels take
 * their sums in the reference's order, so for k a multiple of 4 the factors are bit-identical to it.
 */
export class AlsKernel {
  readonly X: Float64Array;
  readonly Y: Float64Array;
  private readonly fx: AlsKernelExports;
  private readonly at: { X: number; Y: number; G: number; scratch: number[]; users: SideAt; items: SideAt };
  /** the other threads (null: this one alone) */
  private readonly pool: KernelThreads | null;

  /** `threads`: how many threads solve the rows (this one included) */
  constructor(
    private readonly users: AlsSide,
    private readonly items: AlsSide,
    private readonly k: number,
    readonly threads = 1,
  ) {
    const memory = new MemoryLayout();
    const take = (bytes: number) => memory.take(bytes);
    const side = (s: AlsSide): SideAt => ({ ptr: take(s.ptr.byteLength), idx: take(s.idx.byteLength), w: take(s.signal.byteLength) });
    const at = {
      X: take(users.n * k * 8),
      Y: take(items.n * k * 8),
      G: take(k * k * 8),
      scratch: Array.from({ length: threads }, () => take(3 * k * 8)),
      users: side(users),
      items: side(items),
    };
    const instance = instantiate(memory.bytes);
    this.fx = instance.exports as unknown as KernelExports & AlsKernelExports;
    this.pool = threads > 1 ? new KernelThreads(instance.module, instance.memory, threads - 1) : null;
    this.at = at;
    const b = instance.memory.buffer;
    this.X = new Float64Array(b, at.X, users.n * k);
    this.Y = new Float64Array(b, at.Y, items.n * k);
    for (const [s, a] of [
      [users, at.users],
      [items, at.items],
    ] as const) {
      new Int32Array(b, a.ptr, s.ptr.length).set(s.ptr);
      new Int32Array(b, a.idx, s.idx.length).set(s.idx);
      new Float32Array(b, a.w, s.signal.length).set(s.signal);
    }
  }

  /** every row of one side (users: X against Y; items: Y against X), split over the threads */
  async solve(which: 'users' | 'items', regularization: number, alpha: number, cgSteps: number): Promise<void> {
    const a = this.at;
    const [T, F, nF, side, s] = which === 'users' ? [a.X, a.Y, this.items.n, a.users, this.users] : [a.Y, a.X, this.users.n, a.items, this.items];
    this.fx.alsGram(F, nF, this.k, regularization, a.G);
    const cuts = splitRows(s.ptr, s.n, this.threads, this.k);
    const args = (t: number) => [T, F, a.G, side.ptr, side.idx, side.w, cuts[t], cuts[t + 1], this.k, alpha, cgSteps, a.scratch[t]];
    const others = [];
    for (let t = 1; t < this.threads; t++) others.push(this.pool!.call(t - 1, 'alsSolveRows', args(t)));
    // this thread's share meanwhile
    this.fx.alsSolveRows(...(args(0) as Parameters<AlsKernelExports['alsSolveRows']>));
    await Promise.all(others);
  }

  /** the weighted loss without the regularization term (see the reference's alsLoss) */
  loss(alpha: number): number {
    const a = this.at;
    this.fx.alsGram(a.Y, this.items.n, this.k, 0, a.G);
    return this.fx.alsLossRows(a.X, a.Y, a.G, a.users.ptr, a.users.idx, a.users.w, 0, this.users.n, this.k, alpha, a.scratch[0]);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/**
 * Row boundaries giving each thread about the same work: a row costs about k² (its Gram product)
 * plus 2k per entry, per conjugate-gradient step.
 */
function splitRows(ptr: Int32Array, n: number, parts: number, k: number): number[] {
  const cost = (r: number) => k + 2 * (ptr[r + 1] - ptr[r]);
  let total = 0;
  for (let r = 0; r < n; r++) total += cost(r);
  const cuts = [0];
  let acc = 0;
  for (let r = 0; r < n && cuts.length < parts; r++) {
    acc += cost(r);
    if (acc >= (total * cuts.length) / parts) cuts.push(r + 1);
  }
  while (cuts.length < parts) cuts.push(n);
  cuts.push(n);
  return cuts;
}

interface SideAt {
  ptr: number;
  idx: number;
  w: number;
}
