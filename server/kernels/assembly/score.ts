// Scoring kernels: dot products of one vector against many rows, 4 lanes at a time (f32x4).
// Rows are `dim` floats each, dim a multiple of 4 (the host pads), 16-byte aligned.

/** out[i] = user · items[i] + bias[i] for n rows (bias 0 when biasPtr is 0) */
export function dotRows(userPtr: usize, itemsPtr: usize, n: i32, dim: i32, biasPtr: usize, outPtr: usize): void {
  const rowBytes = <usize>dim << 2;
  for (let i = 0; i < n; i++) {
    const row = itemsPtr + <usize>i * rowBytes;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let f: usize = 0;
    // two independent accumulators: an add need not wait for the previous one
    for (; f + 32 <= rowBytes; f += 32) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load(userPtr + f), v128.load(row + f)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(userPtr + f + 16), v128.load(row + f + 16)));
    }
    for (; f < rowBytes; f += 16) a0 = f32x4.add(a0, f32x4.mul(v128.load(userPtr + f), v128.load(row + f)));
    const a = f32x4.add(a0, a1);
    let s = (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
    if (biasPtr) s += load<f32>(biasPtr + (<usize>i << 2));
    store<f32>(outPtr + (<usize>i << 2), s);
  }
}
