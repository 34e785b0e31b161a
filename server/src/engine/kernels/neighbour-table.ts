import type { FitOptions } from '../types';
import { CHUNKS_PER_THREAD, cutByCost, runRowChunks } from './row-chunks';
import type { KernelThreads } from './kernel-threads';
import type { MemoryLayout, KernelExports } from './wasm-module';

/** where a table of one bounded heap per row lives in a kernel's memory (server/kernels/assembly/heap-table.ts) */
export interface TableAt {
  rows: number;
  cap: number;
  locks: number;
  counts: number;
  bars: number;
  hs: number;
  hi: number;
  outIdx: number;
  outSim: number;
}

/** the table's place in the layout: 20 bytes per row and slot while filling, 8 more for the sorted output */
export function takeTable(layout: MemoryLayout, rows: number, cap: number): TableAt {
  const take = (bytes: number) => layout.take(bytes);
  return {
    rows, cap, locks: take(4 * rows), counts: take(4 * rows), bars: take(8 * rows),
    hs: take(8 * rows * cap), hi: take(4 * rows * cap), outIdx: take(4 * rows * cap), outSim: take(4 * rows * cap),
  };
}

/** the arguments every offer to the table takes (after the pass's own) */
export function tableArgs(t: TableAt): number[] {
  return [t.locks, t.counts, t.bars, t.hs, t.hi];
}

/** before the pass: no bar yet (memory starts zeroed, and 0 would refuse negative similarities) */
export function openTable(buffer: ArrayBuffer, t: TableAt): void {
  new Float64Array(buffer, t.bars, t.rows).fill(-Infinity);
}

/**
 * After the pass: every row's heap sorted best first, copied out of the kernel's memory (the model
 * must not keep that memory alive). `empty`: what an unused slot holds (-1 for ITEM_CF, 0 for USER_CF).
 */
export async function closeTable(fx: KernelExports, buffer: ArrayBuffer, pool: KernelThreads | null, t: TableAt, empty: number): Promise<{ idx: Int32Array; sim: Float32Array; count: Int32Array }> {
  const b = buffer;
  const count = new Int32Array(b, t.counts, t.rows);
  const cuts = cutByCost(t.rows, (r) => 1 + count[r], (pool?.size ?? 1) * CHUNKS_PER_THREAD);
  await runRowChunks(fx, pool, 'tableDrain', cuts, (from, to) => [t.counts, t.hs, t.hi, t.cap, from, to, t.outIdx, t.outSim], {}, 'sorting');
  const idx = new Int32Array(b, t.outIdx, t.rows * t.cap).slice();
  if (empty !== 0) {
    for (let r = 0; r < t.rows; r++) idx.fill(empty, r * t.cap + count[r], (r + 1) * t.cap);
  }
  return { idx, sim: new Float32Array(b, t.outSim, t.rows * t.cap).slice(), count: count.slice() };
}
