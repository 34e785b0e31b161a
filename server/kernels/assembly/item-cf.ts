// ITEM_CF's neighbour pass (the reference: engine/strategies/item-cf.ts, ItemCfStrategy.fit) over
// positive entries only (the host drops negatives and precomputes each entry's strength).
//
// What SIMD does here, honestly: little. The work is a sparse scatter-add (acc[j] += x·y for every
// item j of every user of item i), and wasm has no gather/scatter, so the items are visited one at a
// time. The one use: an item's running sum and shared-user count sit side by side in 16 bytes and
// are updated by one f64x2 load/add/store ([x·y, 1]), so each visit touches one cache line instead
// of two arrays. The speed comes from the rest: no bounds checks or deopts, a compact positive-only
// CSR, and the items split over threads.
import { heapDrain, heapPush, heapBar } from './heap';

/**
 * Items [from, to): each item's best K neighbours, written best first into outIdx / outSim at
 * item·K (slots past the last neighbour are left as the host filled them).
 * sim(i, j) = Σ_u x_ui·x_uj / (selfPow[i] · otherPow[j]) · n / (n + shrinkage), n the shared users;
 * selfPow = norm^(1−a) and otherPow = norm^a come from the host (its Math.pow), so for strengths
 * that are exact in float32 the similarities are the reference's to the last bit.
 * Scratch per thread: acc (nItems × 16 bytes, zero on entry and on return), touched (nItems i32),
 * heap (K f64 scores, K i32 ids).
 */
export function itemCfRows(
  colPtr: usize, colUsers: usize, colStr: usize, rowPtr: usize, rowItems: usize, rowStr: usize,
  selfPow: usize, otherPow: usize, shrinkage: f64, K: i32, from: i32, to: i32,
  acc: usize, touched: usize, heapS: usize, heapI: usize, outIdx: usize, outSim: usize,
): void {
  const one = f64x2.splat(1);
  for (let i = from; i < to; i++) {
    let nt = 0;
    const qa = load<i32>(colPtr + (<usize>i << 2));
    const qb = load<i32>(colPtr + (<usize>(i + 1) << 2));
    for (let q = qa; q < qb; q++) {
      const u = load<i32>(colUsers + (<usize>q << 2));
      const x = f64x2.replace_lane(one, 0, <f64>load<f32>(colStr + (<usize>q << 2)));
      const pb = load<i32>(rowPtr + (<usize>(u + 1) << 2));
      for (let p = load<i32>(rowPtr + (<usize>u << 2)); p < pb; p++) {
        const j = load<i32>(rowItems + (<usize>p << 2));
        const slot = acc + (<usize>j << 4);
        const old = v128.load(slot);
        if (f64x2.extract_lane(old, 1) == 0) { store<i32>(touched + (<usize>nt << 2), j); nt++; }
        // [sum, count] += [x·y, 1·1]
        v128.store(slot, f64x2.add(old, f64x2.mul(x, f64x2.replace_lane(one, 0, <f64>load<f32>(rowStr + (<usize>p << 2))))));
      }
    }
    const ni = load<f64>(selfPow + (<usize>i << 3));
    let size = 0;
    for (let t = 0; t < nt; t++) {
      const j = load<i32>(touched + (<usize>t << 2));
      const slot = acc + (<usize>j << 4);
      const s = load<f64>(slot);
      if (j != i && s > 0) {
        const n = load<f64>(slot + 8);
        const sim = (s / (ni * load<f64>(otherPow + (<usize>j << 3)))) * (n / (n + shrinkage));
        // NaN never enters (as TopScores refuses it)
        if (sim == sim && sim >= heapBar(heapS, size, K)) size = heapPush(heapS, heapI, size, K, j, sim);
      }
      v128.store(slot, v128.splat<i64>(0));
    }
    heapDrain(heapS, heapI, size, outIdx + (<usize>i * <usize>K << 2), outSim + (<usize>i * <usize>K << 2));
  }
}
