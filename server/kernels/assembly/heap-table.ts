// One bounded heap per row (item or user) in shared memory, for the neighbour passes that compute
// each pair once and offer it to both rows' heaps: a thread may offer to any row, so each row has a
// lock. The kept set is the best `cap` of everything offered under a total order (heap.ts), so
// it does not depend on which thread offered first: the table is the same for any thread count.
import { heapDrain, heapPush } from './heap';

/** spins before sleeping: a lock is held for one heap insertion (log cap steps) */
const SPINS = 64;

/**
 * A futex-style mutex (Drepper, "Futexes Are Tricky": 0 free, 1 held, 2 held with sleepers). It
 * spins briefly, then sleeps in atomic.wait: on a machine with more runnable threads than cores a
 * holder can be descheduled, and a pure spin lock would then burn the waiter's whole time slice.
 * Uncontended it costs one compare-and-swap to take and one atomic subtract to release.
 */
@inline function lock(locks: usize, row: i32): void {
  const at = locks + (<usize>row << 2);
  let c = atomic.cmpxchg<i32>(at, 0, 1);
  for (let spin = 0; c != 0 && spin < SPINS; spin++) c = atomic.cmpxchg<i32>(at, 0, 1);
  if (c == 0) return;
  if (c != 2) c = atomic.xchg<i32>(at, 2);
  while (c != 0) {
    atomic.wait<i32>(at, 2, -1);
    c = atomic.xchg<i32>(at, 2);
  }
}

@inline function unlock(locks: usize, row: i32): void {
  const at = locks + (<usize>row << 2);
  if (atomic.sub<i32>(at, 1) != 1) {
    atomic.store<i32>(at, 0);
    atomic.notify(at, 1);
  }
}

/**
 * The table's arrays: locks (i32 per row, 0 = free), counts (i32 per row), bars (f64 per row: the
 * score a candidate must reach once the row's heap is full; -inf before, set by the host), and the
 * heaps (cap f64 scores and cap i32 ids per row).

 * Offers (id, score) to row's heap; most offers lose to a full heap's bar, read without the lock.
 */
@inline export function tablePush(
  locks: usize, counts: usize, bars: usize, hs: usize, hi: usize, cap: i32, row: i32, id: i32, score: f64,
): void {
  // an atomic read (never torn); a stale bar is only lower, and the offer is re-decided under the lock
  const barAt = bars + (<usize>row << 3);
  if (score < reinterpret<f64>(atomic.load<i64>(barAt))) return;
  lock(locks, row);
  const base = <usize>row * <usize>cap;
  const s = heapPush(hs + (base << 3), hi + (base << 2), load<i32>(counts + (<usize>row << 2)), cap, id, score);
  store<i32>(counts + (<usize>row << 2), s);
  if (s == cap) atomic.store<i64>(barAt, reinterpret<i64>(load<f64>(hs + (base << 3))));
  unlock(locks, row);
}

/** rows [from, to) emptied into outIdx / outSim (float32) at row·cap, best first (after every offer is in) */
export function tableDrain(counts: usize, hs: usize, hi: usize, cap: i32, from: i32, to: i32, outIdx: usize, outSim: usize): void {
  for (let row = from; row < to; row++) {
    const base = <usize>row * <usize>cap;
    heapDrain(hs + (base << 3), hi + (base << 2), load<i32>(counts + (<usize>row << 2)), outIdx + (base << 2), outSim + (base << 2));
  }
}
