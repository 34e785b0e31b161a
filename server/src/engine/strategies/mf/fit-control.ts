/**
 * Cooperative cancellation for long fits: training loops call `checkpoint` between epochs, which
 * yields to the event loop (so a timer or request can call abort()) and then throws if aborted.
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error('fit aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

const nextTick: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

/** yields once to the event loop, then throws an AbortError when the signal has fired */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  if (!signal) return; // nobody can abort: no need to give up the thread
  await new Promise<void>((resolve) => nextTick(resolve));
  throwIfAborted(signal);
}
