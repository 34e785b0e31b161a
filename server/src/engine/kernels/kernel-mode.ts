import { kernelsModule } from './wasm-module';

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
