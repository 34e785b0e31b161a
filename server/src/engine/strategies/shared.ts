/**
 * Small helpers every strategy in this folder needs (parameters: see params.ts): abort handling, and
 * the candidate rules of RecommendRequest
 * (seen / exclude / filter) applied once, the same way, by every model.
 */
import type { RecommendRequest } from '../types';

/** The error an aborted fit rejects with (name 'AbortError', as fetch and timers use). */
export function abortError(): Error {
  const e = new Error('fit aborted');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** Lets an abort or other work in between long fit stages; resolves on the next macrotask. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** index of `item` in a row sorted by item, or -1 */
export function indexInRow(items: Int32Array, from: number, to: number, item: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = items[mid];
    if (x === item) return mid;
    if (x < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A mask over the catalog marking items a request must never return: the user's seen items
 * (unless excludeSeen is false) and the explicit exclusions. The filter is applied separately,
 * only to items that would otherwise enter the ranking.
 */
export function blockedMask(nItems: number, req: RecommendRequest, seen: Int32Array | null): Uint8Array {
  const mask = new Uint8Array(nItems);
  if (seen && req.excludeSeen !== false) {
    for (let j = 0; j < seen.length; j++) mask[seen[j]] = 1;
  }
  const ex = req.exclude;
  if (ex) {
    if (ex instanceof Set) {
      for (const i of ex) if (i >= 0 && i < nItems) mask[i] = 1;
    } else {
      for (let j = 0; j < ex.length; j++) {
        const i = ex[j];
        if (i >= 0 && i < nItems) mask[i] = 1;
      }
    }
  }
  return mask;
}

/** calls `block` for every catalog item the request rules out (the same items blockedMask marks) */
export function forEachBlocked(nItems: number, req: RecommendRequest, seen: Int32Array | null, block: (item: number) => void): void {
  if (seen && req.excludeSeen !== false) for (let j = 0; j < seen.length; j++) block(seen[j]);
  const ex = req.exclude;
  if (!ex) return;
  if (ex instanceof Set) {
    for (const i of ex) if (i >= 0 && i < nItems) block(i);
  } else {
    for (let j = 0; j < ex.length; j++) if (ex[j] >= 0 && ex[j] < nItems) block(ex[j]);
  }
}

/** k clamped to something a heap can hold; non-positive or NaN k means nothing to return */
export function requestK(k: number): number {
  return Number.isFinite(k) && k > 0 ? Math.floor(k) : 0;
}
