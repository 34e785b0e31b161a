import { instantiate, type KernelExports } from './wasm-module';

const align16 = (n: number) => (n + 15) & ~15;

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
  private readonly at: { X: number; Y: number; G: number; scratch: number; users: SideAt; items: SideAt };

  constructor(private readonly users: AlsSide, private readonly items: AlsSide, private readonly k: number) {
    let end = 16;
    const take = (bytes: number) => {
      const at = end;
      end = align16(end + bytes);
      return at;
    };
    const side = (s: AlsSide): SideAt => ({ ptr: take(s.ptr.byteLength), idx: take(s.idx.byteLength), w: take(s.signal.byteLength) });
    const at = {
      X: take(users.n * k * 8), Y: take(items.n * k * 8), G: take(k * k * 8), scratch: take(3 * k * 8),
      users: side(users), items: side(items),
    };
    const { exports, memory } = instantiate(end);
    this.fx = exports as unknown as KernelExports & AlsKernelExports;
    this.at = at;
    const b = memory.buffer;
    this.X = new Float64Array(b, at.X, users.n * k);
    this.Y = new Float64Array(b, at.Y, items.n * k);
    for (const [s, a] of [[users, at.users], [items, at.items]] as const) {
      new Int32Array(b, a.ptr, s.ptr.length).set(s.ptr);
      new Int32Array(b, a.idx, s.idx.length).set(s.idx);
      new Float32Array(b, a.w, s.signal.length).set(s.signal);
    }
  }

  /** every row of one side (users: X against Y; items: Y against X) */
  solve(which: 'users' | 'items', regularization: number, alpha: number, cgSteps: number): void {
    const a = this.at;
    const [T, F, nF, side, s] = which === 'users' ? [a.X, a.Y, this.items.n, a.users, this.users] : [a.Y, a.X, this.users.n, a.items, this.items];
    this.fx.alsGram(F, nF, this.k, regularization, a.G);
    this.fx.alsSolveRows(T, F, a.G, side.ptr, side.idx, side.w, 0, s.n, this.k, alpha, cgSteps, a.scratch);
  }

  /** the weighted loss without the regularization term (see the reference's alsLoss) */
  loss(alpha: number): number {
    const a = this.at;
    this.fx.alsGram(a.Y, this.items.n, this.k, 0, a.G);
    return this.fx.alsLossRows(a.X, a.Y, a.G, a.users.ptr, a.users.idx, a.users.w, 0, this.users.n, this.k, alpha, a.scratch);
  }
}

interface SideAt {
  ptr: number;
  idx: number;
  w: number;
}
