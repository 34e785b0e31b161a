import fs from 'node:fs';
import path from 'node:path';

/**
 * The engine's WebAssembly kernels (server/kernels/assembly, AssemblyScript with 128-bit SIMD),
 * compiled by the build (`npm run build`, `npm start`, `npm test`) to server/dist/kernels/, never
 * committed. The TypeScript loops they replace stay as the reference implementation: tests compare
 * the two, `ENGINE_KERNELS=reference` serves with the reference, and bench:engine times both.
 */
export interface KernelExports {
  dotRows(userPtr: number, itemsPtr: number, n: number, dim: number, biasPtr: number, outPtr: number): void;
  sgdSweep(
    uPtr: number,
    iPtr: number,
    rPtr: number,
    n: number,
    pPtr: number,
    qPtr: number,
    buPtr: number,
    biPtr: number,
    mu: number,
    dim: number,
    lr: number,
    shrink: number,
    blr: number,
    breg: number,
  ): number;
}

/** where the build writes the module (the same place from src, run by jest, and from dist) */
export function kernelsWasmPath(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'kernels', 'assembly'))) return path.join(dir, 'dist', 'kernels', 'kernels.wasm');
    const up = path.dirname(dir);
    if (up === dir) return path.join(process.cwd(), 'server', 'dist', 'kernels', 'kernels.wasm');
    dir = up;
  }
}

let compiled: WebAssembly.Module | null | undefined;
let failure = '';

/** the compiled module, or null (with kernelsProblem() saying why) when it is not built or not loadable */
export function kernelsModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const file = kernelsWasmPath();
  try {
    compiled = new WebAssembly.Module(fs.readFileSync(file));
  } catch (err) {
    compiled = null;
    failure = fs.existsSync(file)
      ? `${file} does not load: ${(err as Error).message}`
      : `${file} is missing: build it with npm run build (or node scripts/build-if-changed.js kernels)`;
  }
  return compiled;
}

export function kernelsProblem(): string {
  kernelsModule();
  return failure;
}

/**
 * Where a kernel's arrays go in its memory: each at a 16-byte boundary (what v128 loads want), after
 * 16 bytes left free so that no array starts at 0 (kernels read pointer 0 as "absent").
 */
export class MemoryLayout {
  private end = 16;

  /** the offset of the next `bytes` */
  take(bytes: number): number {
    const at = this.end;
    this.end = (this.end + bytes + 15) & ~15;
    return at;
  }

  get bytes(): number {
    return this.end;
  }
}

/**
 * One instance over a memory of its own, sized for `bytes` of arrays (it never grows). The memory is
 * shared (a SharedArrayBuffer): worker threads (kernel-threads.ts) may run kernels over it too.
 */
export function instantiate(bytes: number): { exports: KernelExports; memory: WebAssembly.Memory; module: WebAssembly.Module } {
  const mod = kernelsModule();
  if (!mod) throw new Error(`engine kernels unavailable: ${failure}`);
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) throw new RangeError(`engine kernels: ${bytes} bytes exceed WebAssembly's 4 GiB memory`);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const instance = new WebAssembly.Instance(mod, {
    env: {
      memory,
      abort: () => {
        throw new Error('engine kernel aborted');
      },
    },
  });
  return { exports: instance.exports as unknown as KernelExports, memory, module: mod };
}
