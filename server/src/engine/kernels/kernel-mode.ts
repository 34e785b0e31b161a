import { availableParallelism } from 'node:os';
import { kernelsModule, kernelsProblem } from './wasm-module';

export type KernelMode = 'wasm' | 'reference';

let mode: KernelMode | null = null;

/**
 * Which implementation the engine's hot loops use: the WebAssembly kernels when they are built and
 * load (the default), else the TypeScript reference. Set once at start (ENGINE_KERNELS), or by a
 * benchmark or test that compares the two.
 */
export function setKernelMode(m: KernelMode): void {
  if (m === 'wasm' && !kernelsModule()) throw new Error('the WebAssembly kernels are not built');
  mode = m;
}

export function kernelMode(): KernelMode {
  mode ??= kernelsModule() ? 'wasm' : 'reference';
  return mode;
}

export const useKernels = (): boolean => kernelMode() === 'wasm';

let threads: number | null = null;

/**
 * Threads a training kernel may use (the calling one included): the cores by default. ALS solves
 * its rows on all of them; the factors do not depend on the count (each row is solved alone).
 */
export function setEngineThreads(n: number | null): void {
  if (n !== null && (!Number.isInteger(n) || n < 1)) throw new RangeError(`engine threads must be a positive integer, got ${n}`);
  threads = n;
}

export function engineThreads(): number {
  return threads ?? Math.max(1, availableParallelism());
}

/**
 * Applies the configured kernels and threads (ENGINE_KERNELS; ENGINE_THREADS, 0 = one per core).
 * Kernels asked for but not built: the reference runs instead, and the reason is returned for the
 * caller to tell (a warning in the server's log, an error from the eval CLI).
 */
export function configureEngine(kernels: KernelMode, threadCount: number): string | null {
  setEngineThreads(threadCount > 0 ? threadCount : null);
  if (kernels === 'wasm' && !kernelsModule()) {
    setKernelMode('reference');
    return kernelsProblem();
  }
  setKernelMode(kernels);
  return null;
}
