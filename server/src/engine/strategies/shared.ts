/**
 * Small helpers every strategy in this folder needs: parameter validation that names the parameter
 * and its allowed range, abort handling, and the candidate rules of RecommendRequest
 * (seen / exclude / filter) applied once, the same way, by every model.
 */
import { ParamError, type RecommendRequest } from '../types';

/** Rejects parameters a strategy does not know, so a typo is an error rather than a silent default. */
export function checkKnownParams(strategy: string, params: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (params[key] !== undefined && !allowed.includes(key)) {
      throw new ParamError(key, `${strategy}: unknown parameter '${key}'; allowed: ${allowed.join(', ')}`);
    }
  }
}

export function numberParam(
  strategy: string, params: Record<string, unknown>, name: string, fallback: number,
  min: number, max: number, integer = false,
): number {
  const v = params[name];
  if (v === undefined) return fallback;
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    throw new ParamError(name, `${strategy}: '${name}' must be ${kind} in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v as number;
}

export function enumParam<T extends string>(
  strategy: string, params: Record<string, unknown>, name: string, fallback: T, allowed: readonly T[],
): T {
  const v = params[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ParamError(name, `${strategy}: '${name}' must be one of ${allowed.join(' | ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

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
