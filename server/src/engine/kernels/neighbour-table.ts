import { CHUNKS_PER_THREAD, cutByCost, runRowChunks } from './row-chunks';
import type { KernelThreads } from './kernel-threads';
import type { MemoryLayout, KernelExports } from './wasm-module';

/**
 * Where the neighbour heaps live in a kernel's memory (server/kernels/assembly/heap-table.ts): one
 * table per thread (each thread offers only to its own), merged into the first after the pass.
 */
export interface TablesAt {
  rows: number;
  cap: number;
  tables: { counts: number; bars: number; hs: number; hi: number }[];
  outIdx: number;
  outSim: number;
}

/**
 * `threads` tables (12 bytes per row and slot each) and the sorted output (8 more; on two threads or
 * more, in the second table's scores, which are dead once merged into the first: at 25M USER_CF that
 * saves 333 MB of a peak that counts against 100 bytes per interaction)
 */
export function takeTables(layout: MemoryLayout, rows: number, cap: number, threads: number): TablesAt {
  const take = (bytes: number) => layout.take(bytes);
  const tables = Array.from({ length: threads }, () => ({ counts: take(4 * rows), bars: take(8 * rows), hs: take(8 * rows * cap), hi: take(4 * rows * cap) }));
  if (threads > 1) return { rows, cap, tables, outIdx: tables[1].hs, outSim: tables[1].hs + 4 * rows * cap };
  return { rows, cap, tables, outIdx: take(4 * rows * cap), outSim: take(4 * rows * cap) };
}

/** the arguments an offer to thread t's table takes */
export function tableArgs(at: TablesAt, t: number): number[] {
  const x = at.tables[t];
  return [x.counts, x.bars, x.hs, x.hi];
}

/** before the pass: no bar yet (memory starts zeroed, and 0 would refuse negative similarities) */
export function openTables(buffer: ArrayBuffer, at: TablesAt): void {
  for (const x of at.tables) new Float64Array(buffer, x.bars, at.rows).fill(-Infinity);
}

/**
 * After the pass: the threads' tables merged, every row sorted best first, copied out of the
 * kernel's memory (the model must not keep that memory alive). `empty`: what an unused slot holds
 * (-1 for ITEM_CF, 0 for USER_CF).
 */
export async function closeTables(
  fx: KernelExports,
  buffer: ArrayBuffer,
  pool: KernelThreads | null,
  at: TablesAt,
  empty: number,
): Promise<{ idx: Int32Array; sim: Float32Array; count: Int32Array }> {
  const [first, ...others] = at.tables;
  const count = new Int32Array(buffer, first.counts, at.rows);
  const parts = (pool?.size ?? 1) * CHUNKS_PER_THREAD;
  // every other table into the first, before anything is drained (the output overwrites the second)
  for (const o of others) {
    const more = new Int32Array(buffer, o.counts, at.rows);
    const cuts = cutByCost(at.rows, (r) => 1 + more[r], parts);
    await runRowChunks(fx, pool, 'tableMerge', cuts, (from, to) => [first.counts, first.hs, first.hi, o.counts, o.hs, o.hi, at.cap, from, to], {}, 'merging');
  }
  const cuts = cutByCost(at.rows, (r) => 1 + count[r], parts);
  await runRowChunks(fx, pool, 'tableDrain', cuts, (from, to) => [first.counts, first.hs, first.hi, at.cap, from, to, at.outIdx, at.outSim], {}, 'sorting');
  const idx = new Int32Array(buffer, at.outIdx, at.rows * at.cap).slice();
  const sim = new Float32Array(buffer, at.outSim, at.rows * at.cap).slice();
  // slots past a row's last neighbour: as the reference leaves them (the output may be reused memory)
  for (let r = 0; r < at.rows; r++) {
    idx.fill(empty, r * at.cap + count[r], (r + 1) * at.cap);
    sim.fill(0, r * at.cap + count[r], (r + 1) * at.cap);
  }
  return { idx, sim, count: count.slice() };
}

/** a kernel's memory is at most 4 GiB (wasm32); kept a little below for the layout's alignment */
const MEMORY_LIMIT = 4 * 1024 ** 3 - 16 * 1024 ** 2;

/**
 * Threads whose heaps and scratch fit in a kernel's memory beside the `fixed` bytes every pass
 * needs (each thread brings its own), at most `threads`; 0 when not even one fits, and the caller
 * runs the reference instead (its typed arrays are not bound by wasm32's 4 GiB).
 */
export function threadsThatFit(fixed: number, perThread: number, threads: number): number {
  return Math.max(0, Math.min(threads, Math.floor((MEMORY_LIMIT - fixed) / perThread)));
}
