// A bounded heap of (score, id) kept in scratch memory: the kernels' top-k, in the same order as the
// TypeScript reference's heaps (strategies/top-scores.ts, user-cf-all-pairs.ts): higher score first,
// equal scores by lower id. That order is total, so the kept set does not depend on push order, and
// a kernel keeps exactly the reference's neighbours.

/** (sa, ia) ranks below (sb, ib) */
@inline export function worse(sa: f64, ia: i32, sb: f64, ib: i32): bool {
  return sa < sb || (sa == sb && ia > ib);
}

/** puts (id, score) at the root of the heap of `size` at (hs: f64 scores, hi: i32 ids) and sifts it down */
@inline function siftDown(hs: usize, hi: usize, size: i32, id: i32, score: f64): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && worse(load<f64>(hs + (<usize>r << 3)), load<i32>(hi + (<usize>r << 2)), load<f64>(hs + (<usize>l << 3)), load<i32>(hi + (<usize>l << 2)))) c = r;
    const cs = load<f64>(hs + (<usize>c << 3));
    const ci = load<i32>(hi + (<usize>c << 2));
    if (!worse(cs, ci, score, id)) break;
    store<f64>(hs + (<usize>i << 3), cs);
    store<i32>(hi + (<usize>i << 2), ci);
    i = c;
  }
  store<f64>(hs + (<usize>i << 3), score);
  store<i32>(hi + (<usize>i << 2), id);
}

/** offers (id, score) to the heap of `size` (at most cap) entries; returns the new size */
@inline export function heapPush(hs: usize, hi: usize, size: i32, cap: i32, id: i32, score: f64): i32 {
  if (size < cap) {
    let i = size;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = load<f64>(hs + (<usize>parent << 3));
      const pi = load<i32>(hi + (<usize>parent << 2));
      if (!worse(score, id, ps, pi)) break;
      store<f64>(hs + (<usize>i << 3), ps);
      store<i32>(hi + (<usize>i << 2), pi);
      i = parent;
    }
    store<f64>(hs + (<usize>i << 3), score);
    store<i32>(hi + (<usize>i << 2), id);
    return size + 1;
  }
  if (cap > 0 && worse(load<f64>(hs), load<i32>(hi), score, id)) siftDown(hs, hi, cap, id, score);
  return size;
}

/** the bar a candidate must reach to be worth offering to a full heap (-inf while not full) */
@inline export function heapBar(hs: usize, size: i32, cap: i32): f64 {
  return size < cap ? -Infinity : load<f64>(hs);
}

/** empties the heap into outIdx / outSim (float32), best first */
@inline export function heapDrain(hs: usize, hi: usize, size: i32, outIdx: usize, outSim: usize): void {
  for (let n = size; n > 0; n--) {
    store<i32>(outIdx + (<usize>(n - 1) << 2), load<i32>(hi));
    store<f32>(outSim + (<usize>(n - 1) << 2), <f32>load<f64>(hs));
    siftDown(hs, hi, n - 1, load<i32>(hi + (<usize>(n - 1) << 2)), load<f64>(hs + (<usize>(n - 1) << 3)));
  }
}
