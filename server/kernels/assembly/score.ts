// Scoring kernels: dot products of one vector against many rows, 4 lanes at a time (f32x4).
// Rows are `dim` floats each, dim a multiple of 4 (the host pads), 16-byte aligned.

@inline function hsum(a: v128): f32 {
  return (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
}

/**
 * out[i] = user · items[i] + bias[i] for n rows (bias 0 when biasPtr is 0). Four rows at a time:
 * each load of the user's vector serves four rows, and the four sums are independent chains.
 */
export function dotRows(userPtr: usize, itemsPtr: usize, n: i32, dim: i32, biasPtr: usize, outPtr: usize): void {
  const rowBytes = <usize>dim << 2;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = itemsPtr + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let f: usize = 0; f < rowBytes; f += 16) {
      const u = v128.load(userPtr + f);
      a0 = f32x4.add(a0, f32x4.mul(u, v128.load(r0 + f)));
      a1 = f32x4.add(a1, f32x4.mul(u, v128.load(r1 + f)));
      a2 = f32x4.add(a2, f32x4.mul(u, v128.load(r2 + f)));
      a3 = f32x4.add(a3, f32x4.mul(u, v128.load(r3 + f)));
    }
    const o = outPtr + (<usize>i << 2);
    if (biasPtr) {
      const b = biasPtr + (<usize>i << 2);
      store<f32>(o, hsum(a0) + load<f32>(b));
      store<f32>(o + 4, hsum(a1) + load<f32>(b + 4));
      store<f32>(o + 8, hsum(a2) + load<f32>(b + 8));
      store<f32>(o + 12, hsum(a3) + load<f32>(b + 12));
    } else {
      store<f32>(o, hsum(a0));
      store<f32>(o + 4, hsum(a1));
      store<f32>(o + 8, hsum(a2));
      store<f32>(o + 12, hsum(a3));
    }
  }
  for (; i < n; i++) {
    const row = itemsPtr + <usize>i * rowBytes;
    let a = f32x4.splat(0);
    for (let f: usize = 0; f < rowBytes; f += 16) a = f32x4.add(a, f32x4.mul(v128.load(userPtr + f), v128.load(row + f)));
    let s = hsum(a);
    if (biasPtr) s += load<f32>(biasPtr + (<usize>i << 2));
    store<f32>(outPtr + (<usize>i << 2), s);
  }
}
