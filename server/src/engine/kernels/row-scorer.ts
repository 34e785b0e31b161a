import { instantiate, MemoryLayout, type KernelExports } from './wasm-module';

/**
 * Scores one vector against every row of a fixed matrix (item factors) with the SIMD kernel:
 * out[i] = v · rows[i] + bias[i]. The rows are copied once into the kernel's memory, padded to a
 * multiple of 4 floats; each call writes the vector and reads the scores back as float32 (the
 * reference loop sums in float64: scores differ by rounding only, ~1e-7 relative).
 */
export class RowScorer {
  private readonly k: ReturnType<typeof instantiate>['exports'];
  private readonly dim: number;
  private readonly at: { user: number; rows: number; bias: number; out: number };
  private readonly user: Float32Array;
  private readonly out: Float32Array;

  /** `vectors`: n rows of `width` floats, row-major; `bias`: n floats or null */
  constructor(
    vectors: ArrayLike<number>,
    readonly n: number,
    readonly width: number,
    bias: ArrayLike<number> | null = null,
  ) {
    this.dim = (width + 3) & ~3;
    const layout = new MemoryLayout();
    const user = layout.take(this.dim * 4);
    const rows = layout.take(n * this.dim * 4);
    const b = layout.take(bias ? n * 4 : 0);
    const out = layout.take(n * 4);
    const { exports, memory } = instantiate(layout.bytes);
    this.k = exports as KernelExports;
    this.at = { user, rows, bias: bias ? b : 0, out };
    const R = new Float32Array(memory.buffer, rows, n * this.dim);
    for (let i = 0; i < n; i++) for (let f = 0; f < width; f++) R[i * this.dim + f] = vectors[i * width + f];
    if (bias) new Float32Array(memory.buffer, b, n).set(Array.from({ length: n }, (_, i) => bias[i]));
    this.user = new Float32Array(memory.buffer, user, this.dim);
    this.out = new Float32Array(memory.buffer, out, n);
  }

  /** the scores of every row for `v` (width floats): a view valid until the next call */
  score(v: ArrayLike<number>): Float32Array {
    for (let f = 0; f < this.width; f++) this.user[f] = v[f];
    this.k.dotRows(this.at.user, this.at.rows, this.n, this.dim, this.at.bias, this.at.out);
    return this.out;
  }
}
