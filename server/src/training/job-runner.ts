import type { KernelMode } from '../engine/kernels/kernel-mode';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { ModelVersionRepository } from '../data/repositories/model-version.repository';
import { JOBS_CHANNEL, TrainingJobRepository, type TrainingJobRow } from '../data/repositories/training-job.repository';
import type { Notifier } from '../data/notifier';
import { modelEntries } from '../engine/strategies/registry';
import type { Logger } from '../logger';
import { repoRoot } from '../paths';
import type { ActivationPolicy } from './activation-policy';
import { storeVersion } from './store-version';
import type { WorkerInput, WorkerMessage } from './training-worker';

export interface JobRunnerOptions {
  workerId: string;
  databaseUrl: string;
  seed: number;
  k: number;
  /** the engine's kernels in the training threads (ENGINE_KERNELS) */
  kernels?: KernelMode;
  /** threads per training kernel (0 or unset: one per core) */
  threads?: number;
  policy: ActivationPolicy;
  /** inactive versions per strategy that keep their artifact (for rollback) */
  keepVersions: number;
  /** a running job without a heartbeat for this long is failed */
  staleSeconds: number;
  pollMs: number;
}

/** the compiled worker script (tests run the sources, the thread runs the build) */
function workerScript(): string {
  const here = path.join(__dirname, 'training-worker.js');
  if (fs.existsSync(here)) return here;
  const built = path.join(repoRoot(), 'server', 'dist', 'server', 'src', 'training', 'training-worker.js');
  if (!fs.existsSync(built)) throw new Error(`training worker not built: run \`npm run build -w server\` (looked for ${built})`);
  return built;
}

/**
 * Takes queued training jobs (one at a time per process) and runs each in a worker thread.
 * The parent alone writes results: the version row and its activation commit together or not at all,
 * so a fit that throws, is cancelled or whose process dies leaves the active model serving.
 */
export class JobRunner {
  private readonly jobs: TrainingJobRepository;
  private readonly versions: ModelVersionRepository;
  private busy = false;
  private stopped = false;
  private paused = false;
  private timer: NodeJS.Timeout | null = null;
  private current: { job: TrainingJobRow; worker: Worker } | null = null;

  constructor(
    ds: DataSource,
    private readonly options: JobRunnerOptions,
    private readonly logger: Logger,
  ) {
    this.jobs = new TrainingJobRepository(ds);
    this.versions = new ModelVersionRepository(ds);
  }

  start(notifier: Notifier): void {
    notifier.on(JOBS_CHANNEL, () => void this.tick());
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const cur = this.current;
    if (cur) {
      await cur.worker.terminate();
      await this.jobs.finish(cur.job.id, 'failed', { error: 'the server shut down during training; the active model kept serving' }).catch(() => undefined);
    }
  }

  /** stop taking new jobs (a running one finishes); for maintenance and tests */
  async pause(): Promise<void> {
    this.paused = true;
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
  }

  resume(): void {
    this.paused = false;
    void this.tick();
  }

  /** claims and runs jobs until the queue is empty */
  async tick(): Promise<void> {
    if (this.busy || this.stopped || this.paused) return;
    this.busy = true;
    try {
      await this.jobs.failStale(this.options.staleSeconds).then((failed) => {
        for (const j of failed) this.logger.warn({ job: j.id, strategy: j.strategy }, 'failed a training job whose worker stopped responding');
      });
      for (;;) {
        if (this.stopped || this.paused) break;
        const job = await this.jobs.claim(this.options.workerId);
        if (!job) break;
        await this.run(job);
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'training queue unavailable; will retry');
    } finally {
      this.busy = false;
    }
  }

  private async run(job: TrainingJobRow): Promise<void> {
    const log = this.logger.child({ job: job.id, strategy: job.strategy });
    if (!modelEntries().some((e) => e.name === job.strategy)) {
      const known = modelEntries()
        .map((e) => e.name)
        .join(', ');
      await this.jobs.finish(job.id, 'failed', { error: `"${job.strategy}" is not a strategy with a model of its own (known: ${known})` });
      return;
    }
    log.info({ reason: job.reason }, 'training started');
    const input: WorkerInput = {
      databaseUrl: this.options.databaseUrl,
      strategy: job.strategy,
      params: job.params,
      seed: this.options.seed,
      k: this.options.k,
      kernels: this.options.kernels ?? 'wasm',
      threads: this.options.threads ?? 0,
    };
    const worker = new Worker(workerScript(), { workerData: input });
    this.current = { job, worker };
    let lastWrite = 0;
    let cancelled = false;
    type Outcome = Exclude<WorkerMessage, { type: 'progress' }> | { type: 'crash'; message: string };
    const outcome = await new Promise<Outcome>((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type !== 'progress') return resolve(m);
        const now = Date.now();
        if (now - lastWrite < 250) return;
        lastWrite = now;
        if (m.epoch !== undefined) log.debug({ stage: m.stage, progress: m.progress, epoch: m.epoch, loss: m.loss }, 'training progress');
        void this.jobs
          .progress(job.id, m)
          .then(async (cancel) => {
            if (cancel && !cancelled) {
              cancelled = true;
              await worker.terminate();
            }
          })
          .catch(() => undefined);
      });
      const cancelledMessage = { type: 'error' as const, message: 'cancelled on request; the active model kept serving' };
      worker.on('error', (err) => resolve(cancelled ? cancelledMessage : { type: 'crash', message: err.message }));
      worker.on('exit', (code) => resolve(cancelled ? cancelledMessage : { type: 'crash', message: `training thread exited with code ${code}` }));
    });
    this.current = null;
    await worker.terminate();
    if (outcome.type !== 'done') {
      log.warn({ error: outcome.message }, 'training failed');
      await this.jobs.finish(job.id, cancelled ? 'cancelled' : 'failed', { error: outcome.message });
      return;
    }
    await this.store(job, outcome, log);
  }

  private async store(job: TrainingJobRow, done: Extract<WorkerMessage, { type: 'done' }>, log: Logger): Promise<void> {
    try {
      const { version, verdict } = await storeVersion(
        this.versions,
        this.options.policy,
        this.options.keepVersions,
        {
          strategy: job.strategy,
          params: done.params,
          metrics: done.metrics,
          artifact: done.artifact,
          trainedSeconds: done.trainedSeconds,
          dataSnapshotAt: new Date(done.snapshotAt),
          trainingJobId: job.id,
        },
        async (tx, v, verdict) => {
          await this.jobs.finish(job.id, 'succeeded', { modelVersionId: v.id, stage: verdict.activate ? 'activated' : 'stored (inactive)' }, tx);
        },
      );
      log.info({ version: version.id, metrics: done.metrics, activated: verdict.activate, reason: verdict.reason, seconds: done.trainedSeconds }, 'training finished');
    } catch (err) {
      log.error({ err }, 'storing the trained version failed');
      await this.jobs.finish(job.id, 'failed', { error: `storing the version failed: ${(err as Error).message}` }).catch(() => undefined);
    }
  }
}
