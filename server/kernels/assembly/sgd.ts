// One epoch of biased matrix factorization by SGD (the reference: engine/strategies/mf/sgd-train.ts,
// `sweep`), over factor rows of `dim` floats (a multiple of 4, zero-padded), 4 lanes at a time.
// Float32 throughout (the reference computes each step in float64 and stores float32).

/** returns the sum of squared errors before each update */
export function sgdSweep(
  uPtr: usize, iPtr: usize, rPtr: usize, n: i32, pPtr: usize, qPtr: usize, buPtr: usize, biPtr: usize,
  mu: f32, dim: i32, lr: f32, shrink: f32, blr: f32, breg: f32,
): f64 {
  const rowBytes = <usize>dim << 2;
  const vShrink = f32x4.splat(shrink);
  let sse: f64 = 0;
  for (let j = 0; j < n; j++) {
    const at = <usize>j << 2;
    const u = load<i32>(uPtr + at);
    const i = load<i32>(iPtr + at);
    const pu = pPtr + <usize>u * rowBytes;
    const qi = qPtr + <usize>i * rowBytes;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let f: usize = 0;
    for (; f + 32 <= rowBytes; f += 32) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load(pu + f), v128.load(qi + f)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(pu + f + 16), v128.load(qi + f + 16)));
    }
    for (; f < rowBytes; f += 16) a0 = f32x4.add(a0, f32x4.mul(v128.load(pu + f), v128.load(qi + f)));
    const a = f32x4.add(a0, a1);
    const dot = (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
    const bAt = buPtr + (<usize>u << 2);
    const iAt = biPtr + (<usize>i << 2);
    const bU = load<f32>(bAt);
    const bI = load<f32>(iAt);
    const err: f32 = load<f32>(rPtr + at) - (mu + bU + bI + dot);
    sse += <f64>err * <f64>err;
    store<f32>(bAt, bU + blr * (err - breg * bU));
    store<f32>(iAt, bI + blr * (err - breg * bI));
    // p ← p·shrink + step·q and q ← q·shrink + step·p, both from the old values
    const vStep = f32x4.splat(lr * err);
    for (f = 0; f < rowBytes; f += 16) {
      const p = v128.load(pu + f);
      const q = v128.load(qi + f);
      v128.store(pu + f, f32x4.add(f32x4.mul(p, vShrink), f32x4.mul(q, vStep)));
      v128.store(qi + f, f32x4.add(f32x4.mul(q, vShrink), f32x4.mul(p, vStep)));
    }
  }
  return sse;
}
