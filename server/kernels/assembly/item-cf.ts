// ITEM_CF's neighbour pass (the reference: engine/strategies/item-cf.ts, itemNeighboursReference)
// over positive entries only (the host drops negatives and precomputes each entry's strength).
// Each pair of items is computed once, from the lower item: item i walks, for each of its users,
// only the part of the user's row after i (rows are sorted by item), and the pair's co-occurrence
// goes into both items' heaps (heap-table.ts) with each side's own normalization — half the
// reference's scatter work. The sums are the reference's to the last bit: the same products over
// the same users in the same (user) order, whichever side computes them.
//
// What SIMD does here, honestly: little. The work is a sparse scatter-add (acc[j] += x·y for the
// items j after i in each user's row), and wasm has no gather/scatter, so the items are visited one
// at a time. The one use: a pair's running sum and shared-user count sit side by side in 16 bytes
// and are updated by one f64x2 load/add/store ([x·y, 1]), so each visit touches one cache line
// instead of two arrays. The speed comes from the rest: half the pairs, no bounds checks or deopts,
// a compact positive-only CSR, and the items split over threads.
import { tablePush } from './heap-table';

/**
 * Items [from, to): every pair (i, j > i) sharing a user, offered to both items' heaps.
 * sim(i → j) = Σ_u x_ui·x_uj / (selfPow[i] · otherPow[j]) · n / (n + shrinkage), n the shared users;
 * selfPow = norm^(1−a) and otherPow = norm^a come from the host (its Math.pow), so for strengths
 * exact in float32 the similarities are the reference's to the last bit.
 * colPtr / colUsers / colRow: each item's users and where the entry sits in the user's row.
 * Scratch per thread: acc (nItems × 16 bytes, zero on entry and on return), touched (nItems i32).
 */
export function itemCfPairs(
  colPtr: usize, colUsers: usize, colRow: usize, rowPtr: usize, rowItems: usize, rowStr: usize,
  selfPow: usize, otherPow: usize, shrinkage: f64, from: i32, to: i32, acc: usize, touched: usize,
  counts: usize, bars: usize, hs: usize, hi: usize, K: i32,
): void {
  const one = f64x2.splat(1);
  for (let i = from; i < to; i++) {
    let nt = 0;
    const qb = load<i32>(colPtr + (<usize>(i + 1) << 2));
    for (let q = load<i32>(colPtr + (<usize>i << 2)); q < qb; q++) {
      const u = load<i32>(colUsers + (<usize>q << 2));
      const self = load<i32>(colRow + (<usize>q << 2));
      const x = f64x2.replace_lane(one, 0, <f64>load<f32>(rowStr + (<usize>self << 2)));
      const pb = load<i32>(rowPtr + (<usize>(u + 1) << 2));
      for (let p = self + 1; p < pb; p++) {
        const j = load<i32>(rowItems + (<usize>p << 2));
        const slot = acc + (<usize>j << 4);
        const old = v128.load(slot);
        if (f64x2.extract_lane(old, 1) == 0) {
          store<i32>(touched + (<usize>nt << 2), j);
          nt++;
        }
        // [sum, count] += [x·y, 1·1]
        v128.store(slot, f64x2.add(old, f64x2.mul(x, f64x2.replace_lane(one, 0, <f64>load<f32>(rowStr + (<usize>p << 2))))));
      }
    }
    const selfI = load<f64>(selfPow + (<usize>i << 3));
    const otherI = load<f64>(otherPow + (<usize>i << 3));
    for (let t = 0; t < nt; t++) {
      const j = load<i32>(touched + (<usize>t << 2));
      const slot = acc + (<usize>j << 4);
      const s = load<f64>(slot);
      if (s > 0) {
        const n = load<f64>(slot + 8);
        const support = n / (n + shrinkage);
        const ij = (s / (selfI * load<f64>(otherPow + (<usize>j << 3)))) * support;
        const ji = (s / (load<f64>(selfPow + (<usize>j << 3)) * otherI)) * support;
        // NaN never enters (as TopScores refuses it)
        if (ij == ij) tablePush(counts, bars, hs, hi, K, i, j, ij);
        if (ji == ji) tablePush(counts, bars, hs, hi, K, j, i, ji);
      }
      v128.store(slot, v128.splat<i64>(0));
    }
  }
}
