// USER_CF's neighbour pass (the reference: engine/strategies/user-cf-all-pairs.ts, AllNeighbours):
// each pair of users computed once, from the lower user, who walks only the part of each of its
// items' (thinned) columns after itself, and offered to both users' heaps (heap-table.ts). Where
// the reference keeps a per-item cursor (users in order), the host gives each row entry its position
// in the column, so any thread can take any range of users. Same sums in the same order as the
// reference, so the same similarities to the last bit, and the same lists.
//
// SIMD: a pair's four sums (dot, own squares, other's squares, shared count) are 32 bytes updated
// as two f64x2 operations ([a·b, a·a] and [b·b, 1·1]) instead of four scalar ones; the column walk
// itself is a gather over users, which wasm SIMD cannot vectorize.
import { tablePush } from './heap-table';

/**
 * Users [from, to): every pair (u, v > u) sharing a column, offered to both users' heaps when it
 * has minSupport shared entries and a similarity above minSimilarity.
 * The user's row is (rowItem, rowPos): each item whose thinned column holds the user, and where.
 * Columns: simPtr / simUsers / simValues (float32 centred values) / simNeg (bytes, 1 = a negative
 * entry; 0 = the data has none). cosine (pearson 0): normSq (f64 per user) instead of the pair's
 * own squares. Scratch per thread: acc (nUsers × 32 bytes, zero on entry and on return), touched.
 */
export function userCfPairs(
  rowPtr: usize, rowItem: usize, rowPos: usize, simPtr: usize, simUsers: usize, simValues: usize, simNeg: usize,
  normSq: usize, pearson: i32, minSupport: i32, shrinkage: f64, minSimilarity: f64, from: i32, to: i32,
  acc: usize, touched: usize, counts: usize, bars: usize, hs: usize, hi: usize, P: i32,
): void {
  const one = f64x2.splat(1);
  for (let u = from; u < to; u++) {
    let nt = 0;
    const eb = load<i32>(rowPtr + (<usize>(u + 1) << 2));
    for (let e = load<i32>(rowPtr + (<usize>u << 2)); e < eb; e++) {
      const item = load<i32>(rowItem + (<usize>e << 2));
      const self = load<i32>(rowPos + (<usize>e << 2));
      const a = <f64>load<f32>(simValues + (<usize>self << 2));
      const va = f64x2.splat(a);
      // a pair of negative entries is left out (see user-cf-neighbours.ts)
      const skipNegative = simNeg != 0 && load<u8>(simNeg + <usize>self) == 1;
      const qb = load<i32>(simPtr + (<usize>(item + 1) << 2));
      for (let q = self + 1; q < qb; q++) {
        if (skipNegative && load<u8>(simNeg + <usize>q) == 1) continue;
        const v = load<i32>(simUsers + (<usize>q << 2));
        const slot = acc + (<usize>v << 5);
        const lo = v128.load(slot);
        const hi2 = v128.load(slot + 16);
        if (f64x2.extract_lane(hi2, 1) == 0) {
          store<i32>(touched + (<usize>nt << 2), v);
          nt++;
        }
        const b = <f64>load<f32>(simValues + (<usize>q << 2));
        const vb = f64x2.replace_lane(one, 0, b);
        // [dot, own²] += [a·b, a·a]; [other², n] += [b·b, 1·1]
        v128.store(slot, f64x2.add(lo, f64x2.mul(va, f64x2.replace_lane(va, 0, b))));
        v128.store(slot + 16, f64x2.add(hi2, f64x2.mul(vb, vb)));
      }
    }
    const ownNorm = load<f64>(normSq + (<usize>u << 3));
    for (let t = 0; t < nt; t++) {
      const v = load<i32>(touched + (<usize>t << 2));
      const slot = acc + (<usize>v << 5);
      const n = load<f64>(slot + 24);
      if (n >= <f64>minSupport) {
        const sqA = pearson ? load<f64>(slot + 8) : ownNorm;
        const sqB = pearson ? load<f64>(slot + 16) : load<f64>(normSq + (<usize>v << 3));
        const denom = Math.sqrt(sqA) * Math.sqrt(sqB);
        const sim = denom > 0 ? (load<f64>(slot) / denom) * (n / (n + shrinkage)) : 0;
        if (sim > minSimilarity) {
          tablePush(counts, bars, hs, hi, P, u, v, sim);
          tablePush(counts, bars, hs, hi, P, v, u, sim);
        }
      }
      v128.store(slot, v128.splat<i64>(0));
      v128.store(slot + 16, v128.splat<i64>(0));
    }
  }
}
