/**
 * Runs in a worker thread: loads the data from PostgreSQL, trains and evaluates, and sends the
 * artifact back. Training never blocks the thread that answers requests; killing this thread
 * (cancel, shutdown) leaves nothing half-written, since only the parent writes to model_versions.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'pg';
import type { MeasuredMetrics } from '../engine/evaluation/measure';
import type { StrategyName } from '../engine/types';
import { configureEngine, type KernelMode } from '../engine/kernels/kernel-mode';
import { loadDataset } from './load-dataset';
import { trainModel } from './train';

export interface WorkerInput {
  databaseUrl: string;
  strategy: StrategyName;
  params: Record<string, unknown>;
  seed: number;
  k: number;
  kernels: KernelMode;
  /** 0: one per core */
  threads: number;
}

export type WorkerMessage =
  | { type: 'progress'; stage: string; progress: number; epoch?: number; loss?: number }
  | { type: 'done'; artifact: Uint8Array; metrics: MeasuredMetrics; trainedSeconds: number; params: Record<string, unknown>; snapshotAt: string }
  | { type: 'error'; message: string };

async function run(input: WorkerInput): Promise<void> {
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  const pool = new Pool({ connectionString: input.databaseUrl, max: 1, connectionTimeoutMillis: 5000 });
  // the kernels unbuilt (a checkout that skipped the build): the reference, as the server itself falls back
  configureEngine(input.kernels, input.threads);
  pool.on('error', () => undefined);
  try {
    post({ type: 'progress', stage: 'loading data', progress: 0 });
    const data = await loadDataset(pool);
    await pool.end();
    let last = 0;
    const result = await trainModel(data, input.strategy, input.params, {
      seed: input.seed,
      k: input.k,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 100 && p.progress < 1) return; // the parent needs a pulse, not every row
        last = now;
        post({ type: 'progress', stage: p.stage, progress: p.progress, epoch: p.epoch, loss: p.loss });
      },
    });
    const artifact = result.artifact;
    post({ type: 'done', artifact, metrics: result.metrics, trainedSeconds: result.trainedSeconds, params: result.params, snapshotAt: data.snapshotAt.toISOString() }, [
      artifact.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    await pool.end().catch(() => undefined);
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (parentPort) void run(workerData as WorkerInput);
