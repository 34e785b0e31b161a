import { Worker } from 'node:worker_threads';

/**
 * Worker threads that run kernels over one shared WebAssembly memory: each instantiates the module
 * over that memory and calls the exported function it is told to. The code is inline, so it runs
 * the same from the sources (tests) and from the build. Results depend only on which rows each call
 * covers, never on timing.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory } = workerData;
const fx = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('engine kernel aborted'); } } }).exports;
parentPort.on('message', ({ id, fn, args }) => {
  try {
    parentPort.postMessage({ id, result: fx[fn](...args) });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Reply {
  id: number;
  result?: number;
  error?: string;
}

export class KernelThreads {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (x: number) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    readonly size: number,
  ) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory } });
      w.on('message', (m: Reply) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result ?? 0);
      });
      w.on('error', (e) => this.failAll(e));
      // not unref'd: a fit awaiting its threads is what keeps a CLI's process alive (close() ends them)
      return w;
    });
  }

  /** runs fn(...args) on worker `thread`; resolves with its return value */
  call(thread: number, fn: string, args: number[]): Promise<number> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[thread].postMessage({ id, fn, args });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(new Error('kernel threads closed'));
  }

  private failAll(e: Error): void {
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }
}
