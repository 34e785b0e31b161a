// Weighted ALS for implicit feedback (the reference: engine/strategies/mf/als-train.ts), in float64
// with 2-lane SIMD. The sums are taken in the reference's order (four partial sums s0..s3 over
// f ≡ 0..3 mod 4, combined as (s0 + s1) + (s2 + s3)), and wasm has no fused multiply-add: for k a
// multiple of 4 the results are the reference's to the last bit.

@inline function dot(x: usize, y: usize, k: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let f = 0;
  for (; f + 3 < k; f += 4) {
    const o = <usize>f << 3;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(x + o + 16), v128.load(y + o + 16)));
  }
  let s0 = f64x2.extract_lane(a0, 0);
  for (; f < k; f++) s0 += load<f64>(x + (<usize>f << 3)) * load<f64>(y + (<usize>f << 3));
  return (s0 + f64x2.extract_lane(a0, 1)) + (f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1));
}

/** y += a·x over k doubles */
@inline function axpy(a: f64, x: usize, y: usize, k: i32): void {
  const va = f64x2.splat(a);
  let f = 0;
  for (; f + 1 < k; f += 2) {
    const o = <usize>f << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
  }
  for (; f < k; f++) store<f64>(y + (<usize>f << 3), load<f64>(y + (<usize>f << 3)) + a * load<f64>(x + (<usize>f << 3)));
}

/** out = sign · G v (G symmetric k×k) */
@inline function symMul(G: usize, v: usize, out: usize, k: i32, sign: f64): void {
  const row = <usize>k << 3;
  for (let a = 0; a < k; a++) store<f64>(out + (<usize>a << 3), sign * dot(G + <usize>a * row, v, k));
}

/** G = FᵀF + ridge·I over n rows of k (symmetric; accumulated on the upper triangle, then mirrored) */
export function alsGram(F: usize, n: i32, k: i32, ridge: f64, G: usize): void {
  const row = <usize>k << 3;
  memory.fill(G, 0, <usize>k * row);
  for (let r = 0; r < n; r++) {
    const o = F + <usize>r * row;
    for (let a = 0; a < k; a++) {
      const fa = load<f64>(o + (<usize>a << 3));
      if (fa == 0) continue;
      const ga = G + <usize>a * row;
      let b = a;
      if (b & 1) {
        store<f64>(ga + (<usize>b << 3), load<f64>(ga + (<usize>b << 3)) + fa * load<f64>(o + (<usize>b << 3)));
        b++;
      }
      // two at a time from an even column: elementwise, so the same sums as one at a time
      const vfa = f64x2.splat(fa);
      for (; b + 1 < k; b += 2) {
        const at = <usize>b << 3;
        v128.store(ga + at, f64x2.add(v128.load(ga + at), f64x2.mul(vfa, v128.load(o + at))));
      }
      if (b < k) store<f64>(ga + (<usize>b << 3), load<f64>(ga + (<usize>b << 3)) + fa * load<f64>(o + (<usize>b << 3)));
    }
  }
  for (let a = 0; a < k; a++) {
    const d = G + <usize>a * row + (<usize>a << 3);
    store<f64>(d, load<f64>(d) + ridge);
    for (let b = 0; b < a; b++) store<f64>(G + <usize>a * row + (<usize>b << 3), load<f64>(G + <usize>b * row + (<usize>a << 3)));
  }
}

/**
 * Rows [from, to) of T against the fixed side F: a few conjugate-gradient steps per row, warm-started
 * from the row, on A = G + Σ (c−1) f fᵀ and b = Σ c·p f (see the reference for the derivation).
 * `scratch`: 3k doubles.
 */
export function alsSolveRows(
  T: usize, F: usize, G: usize, ptr: usize, idx: usize, w: usize,
  from: i32, to: i32, k: i32, alpha: f64, cgSteps: i32, scratch: usize,
): void {
  const row = <usize>k << 3;
  const r = scratch;
  const d = scratch + row;
  const Ap = scratch + 2 * row;
  for (let u = from; u < to; u++) {
    const a = load<i32>(ptr + (<usize>u << 2));
    const b = load<i32>(ptr + (<usize>(u + 1) << 2));
    const o = T + <usize>u * row;
    if (a == b) {
      memory.fill(o, 0, row); // no evidence: the regularized optimum is the zero vector
      continue;
    }
    symMul(G, o, r, k, -1);
    for (let q = a; q < b; q++) {
      const fo = F + <usize>load<i32>(idx + (<usize>q << 2)) * row;
      const s = <f64>load<f32>(w + (<usize>q << 2));
      const c = 1 + alpha * (s < 0 ? -s : s);
      const coef = (s < 0 ? 0 : c) - (c - 1) * dot(fo, o, k);
      axpy(coef, fo, r, k);
    }
    memory.copy(d, r, row);
    let rs = dot(r, r, k);
    for (let step = 0; step < cgSteps && rs > 1e-20; step++) {
      symMul(G, d, Ap, k, 1);
      for (let q = a; q < b; q++) {
        const fo = F + <usize>load<i32>(idx + (<usize>q << 2)) * row;
        const s = <f64>load<f32>(w + (<usize>q << 2));
        axpy(alpha * (s < 0 ? -s : s) * dot(fo, d, k), fo, Ap, k);
      }
      const dAd = dot(d, Ap, k);
      if (!(dAd > 0)) break;
      const st = rs / dAd;
      let rsNew: f64 = 0;
      for (let f = 0; f < k; f++) {
        const at = <usize>f << 3;
        store<f64>(o + at, load<f64>(o + at) + st * load<f64>(d + at));
        const rf = load<f64>(r + at) - st * load<f64>(Ap + at);
        store<f64>(r + at, rf);
        rsNew += rf * rf;
      }
      const beta = rsNew / rs;
      for (let f = 0; f < k; f++) {
        const at = <usize>f << 3;
        store<f64>(d + at, load<f64>(r + at) + beta * load<f64>(d + at));
      }
      rs = rsNew;
    }
  }
}

/**
 * Σ over users [from, to) of xᵤᵀ G xᵤ plus each entry's correction c(p − s)² − s² (G = YᵀY without
 * ridge): the weighted loss without the regularization term. `tmp`: k doubles.
 */
export function alsLossRows(X: usize, Y: usize, G: usize, ptr: usize, idx: usize, w: usize, from: i32, to: i32, k: i32, alpha: f64, tmp: usize): f64 {
  const row = <usize>k << 3;
  let loss: f64 = 0;
  for (let u = from; u < to; u++) {
    const o = X + <usize>u * row;
    symMul(G, o, tmp, k, 1);
    for (let f = 0; f < k; f++) loss += load<f64>(o + (<usize>f << 3)) * load<f64>(tmp + (<usize>f << 3));
    const a = load<i32>(ptr + (<usize>u << 2));
    const b = load<i32>(ptr + (<usize>(u + 1) << 2));
    for (let q = a; q < b; q++) {
      const s = dot(o, Y + <usize>load<i32>(idx + (<usize>q << 2)) * row, k);
      const wq = <f64>load<f32>(w + (<usize>q << 2));
      const c = 1 + alpha * (wq < 0 ? -wq : wq);
      const pref: f64 = wq < 0 ? 0 : 1;
      loss += c * (pref - s) * (pref - s) - s * s;
    }
  }
  return loss;
}
