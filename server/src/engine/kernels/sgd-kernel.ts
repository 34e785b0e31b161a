import { instantiate, type KernelExports } from './wasm-module';

const align16 = (n: number) => (n + 15) & ~15;

/**
 * The SGD epoch of biased matrix factorization as a SIMD kernel (server/kernels/assembly/sgd.ts).
 * Every array the epoch touches lives in the kernel's memory and is handed out as a view: the
 * trainer fills and shuffles the triples and reads the factors there. Factor rows are `dim` floats,
 * k rounded up to a multiple of 4 (the padding stays zero: its updates are 0·shrink + step·0).
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
  private readonly at: Record<'U' | 'I' | 'R' | 'P' | 'Q' | 'bu' | 'bi', number>;

  constructor(n: number, nUsers: number, nItems: number, k: number) {
    this.dim = (k + 3) & ~3;
    const sizes = { U: n * 4, I: n * 4, R: n * 4, P: nUsers * this.dim * 4, Q: nItems * this.dim * 4, bu: nUsers * 4, bi: nItems * 4 };
    let end = 16;
    const at = {} as Record<keyof typeof sizes, number>;
    for (const name of Object.keys(sizes) as (keyof typeof sizes)[]) {
      at[name] = end;
      end = align16(end + sizes[name]);
    }
    const { exports, memory } = instantiate(end);
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
  }

  /** one pass over the first n triples; the sum of squared errors */
  sweep(n: number, mu: number, lr: number, shrink: number, blr: number, breg: number): number {
    const a = this.at;
    return this.k.sgdSweep(a.U, a.I, a.R, n, a.P, a.Q, a.bu, a.bi, mu, this.dim, lr, shrink, blr, breg);
  }
}

/** rows of `from` floats each (the first `to` of them kept), as a new array of rows of `to` floats */
export function narrowRows(a: Float32Array, rows: number, from: number, to: number): Float32Array {
  if (from === to) return a.slice();
  const out = new Float32Array(rows * to);
  for (let r = 0; r < rows; r++) out.set(a.subarray(r * from, r * from + to), r * to);
  return out;
}
