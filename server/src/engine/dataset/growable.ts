/** Append-only typed arrays that double when full, so builders never hold one JS object per row. */
type TypedArrayCtor<T> = { new (n: number): T };
type AnyTyped = Int32Array | Float32Array | Float64Array;

export class Growable<T extends AnyTyped> {
  private buf: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    capacity = 1024,
  ) {
    this.buf = new ctor(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new this.ctor(this.buf.length * 2);
      (next as AnyTyped).set(this.buf as AnyTyped);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** the filled part (a view, no copy) */
  view(): T {
    return this.buf.subarray(0, this.length) as T;
  }
}
