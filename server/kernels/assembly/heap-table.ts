// One bounded heap per row (item or user), for the neighbour passes that compute each pair once and
// offer it to both rows' heaps. A thread may offer to any row, so each thread fills a table of its
// own (no locks, no cache lines shared between cores while the pass runs; a shared table with a
// lock per row ran slower on two threads than on one), and the tables are merged row by row
// afterwards. Each pair is offered exactly once, to one thread's table, and a heap keeps the best
// `cap` of what it is offered under a total order (heap.ts), so the merged rows are the best `cap`
// of everything offered: the same table for any thread count.
import { heapDrain, heapPush } from './heap';

/**
 * A table: counts (i32 per row), bars (f64 per row: the score a candidate must reach once the row's
 * heap is full; -inf before, set by the host), and the heaps (cap f64 scores and cap i32 ids per row).
 * Offers (id, score) to row's heap; most offers lose to a full heap's bar, one comparison.
 */
@inline export function tablePush(counts: usize, bars: usize, hs: usize, hi: usize, cap: i32, row: i32, id: i32, score: f64): void {
  const barAt = bars + (<usize>row << 3);
  if (score < load<f64>(barAt)) return;
  const base = <usize>row * <usize>cap;
  const s = heapPush(hs + (base << 3), hi + (base << 2), load<i32>(counts + (<usize>row << 2)), cap, id, score);
  store<i32>(counts + (<usize>row << 2), s);
  if (s == cap) store<f64>(barAt, load<f64>(hs + (base << 3)));
}

/** rows [from, to) of table (counts2, hs2, hi2) offered to the same rows of table (counts, hs, hi) */
export function tableMerge(counts: usize, hs: usize, hi: usize, counts2: usize, hs2: usize, hi2: usize, cap: i32, from: i32, to: i32): void {
  for (let row = from; row < to; row++) {
    const base = <usize>row * <usize>cap;
    let size = load<i32>(counts + (<usize>row << 2));
    const n2 = load<i32>(counts2 + (<usize>row << 2));
    for (let e = 0; e < n2; e++) {
      const at = base + <usize>e;
      size = heapPush(hs + (base << 3), hi + (base << 2), size, cap, load<i32>(hi2 + (at << 2)), load<f64>(hs2 + (at << 3)));
    }
    store<i32>(counts + (<usize>row << 2), size);
  }
}

/** rows [from, to) emptied into outIdx / outSim (float32) at row·cap, best first (after every offer is in) */
export function tableDrain(counts: usize, hs: usize, hi: usize, cap: i32, from: i32, to: i32, outIdx: usize, outSim: usize): void {
  for (let row = from; row < to; row++) {
    const base = <usize>row * <usize>cap;
    heapDrain(hs + (base << 3), hi + (base << 2), load<i32>(counts + (<usize>row << 2)), outIdx + (base << 2), outSim + (base << 2));
  }
}
