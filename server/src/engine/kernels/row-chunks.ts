import type { FitOptions } from '../types';
import { nextTick, throwIfAborted } from '../strategies/shared';
import { KernelThreads } from './kernel-threads';
import type { KernelExports } from './wasm-module';

/**
 * Runs a row kernel (`fn(...args(from, to, thread))`) over rows [0, n) in chunks of about equal
 * cost, for the neighbour passes, where each row's output is computed by one call alone: the result
 * does not depend on how rows fall to threads, so the chunks are handed out as threads free up
 * (rows cost very unevenly: a blockbuster item's or a heavy user's row costs thousands of others).
 * No pool: this thread, chunk by chunk, yielding between chunks. A pool: its worker threads over
 * the kernel's shared memory, while this one only hands out chunks (so a message never waits
 * behind a chunk running here); scratch index t is worker t's. Progress and abort are checked
 * between chunks.
 */
export async function runRowChunks(
  fx: KernelExports,
  pool: KernelThreads | null,
  fn: string,
  cuts: number[],
  args: (from: number, to: number, thread: number) => number[],
  options: FitOptions,
  stage: string,
): Promise<void> {
  const chunks = cuts.length - 1;
  let done = 0;
  const progress = () => options.onProgress?.({ progress: done / chunks, stage });
  if (!pool) {
    const f = (fx as unknown as Record<string, (...a: number[]) => number>)[fn];
    for (let c = 0; c < chunks; c++) {
      f(...args(cuts[c], cuts[c + 1], 0));
      done++;
      progress();
      await nextTick();
      throwIfAborted(options.signal);
    }
    return;
  }
  let next = 0;
  const work = async (t: number) => {
    while (next < chunks && !options.signal?.aborted) {
      const c = next++;
      await pool.call(t, fn, args(cuts[c], cuts[c + 1], t));
      done++;
      progress();
    }
  };
  await Promise.all(Array.from({ length: pool.size }, (_, t) => work(t)));
  throwIfAborted(options.signal);
}

/**
 * Boundaries cutting rows [0, n) into about `parts` chunks of equal total cost (a chunk holds at
 * least one row; a very costly row is a chunk of its own).
 */
export function cutByCost(n: number, cost: (row: number) => number, parts: number): number[] {
  let total = 0;
  for (let r = 0; r < n; r++) total += cost(r);
  const step = total / Math.max(1, parts);
  const cuts = [0];
  let acc = 0;
  for (let r = 0; r < n; r++) {
    acc += cost(r);
    if (acc >= step * cuts.length && r + 1 < n) cuts.push(r + 1);
  }
  cuts.push(n);
  return cuts;
}

/** chunks per thread: enough that the last ones finish close together, few enough that messages cost nothing */
export const CHUNKS_PER_THREAD = 32;

/** the workers for a neighbour pass on `threads` threads (none for one: it runs on this thread) */
export function neighbourPool(k: { memory: WebAssembly.Memory; module: WebAssembly.Module }, threads: number): KernelThreads | null {
  return threads > 1 ? new KernelThreads(k.module, k.memory, threads) : null;
}
