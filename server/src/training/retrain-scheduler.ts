import type { DataSource } from 'typeorm';
import { ModelVersionRepository } from '../data/repositories/model-version.repository';
import { TrainingJobRepository } from '../data/repositories/training-job.repository';
import type { Logger } from '../logger';
import { modelEntries } from '../engine/strategies/registry';

export interface RetrainOptions {
  /** retrain every strategy this often; 0 = off */
  intervalSeconds: number;
  /** retrain once this many interactions were written after the active version's data; 0 = off */
  afterInteractions: number;
  checkEveryMs?: number;
}

/**
 * Queues automatic retrains: first models on an empty system, a timer, and a count of new data.
 * Several replicas may run this; the queue's partial unique index keeps one automatic job per strategy.
 */
export class RetrainScheduler {
  private readonly jobs: TrainingJobRepository;
  private readonly versions: ModelVersionRepository;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    ds: DataSource,
    private readonly options: RetrainOptions,
    private readonly logger: Logger,
  ) {
    this.jobs = new TrainingJobRepository(ds);
    this.versions = new ModelVersionRepository(ds);
  }

  /** queues a first training for every strategy that has no active version */
  async ensureInitialModels(): Promise<number> {
    const have = new Set(await this.versions.activeStrategies());
    let queued = 0;
    for (const { name } of modelEntries()) {
      if (have.has(name)) continue;
      if (await this.jobs.enqueueIfIdle(name, {}, 'initial')) queued++;
    }
    if (queued) this.logger.info({ queued }, 'no trained models yet: training every strategy once');
    return queued;
  }

  start(): void {
    if (this.options.intervalSeconds > 0) {
      this.timers.push(setInterval(() => void this.queueAll('scheduled'), this.options.intervalSeconds * 1000));
    }
    if (this.options.afterInteractions > 0) {
      this.timers.push(setInterval(() => void this.checkNewData(), this.options.checkEveryMs ?? 30_000));
    }
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private async queueAll(reason: string): Promise<void> {
    try {
      for (const { name } of modelEntries()) await this.jobs.enqueueIfIdle(name, {}, reason);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not queue retraining');
    }
  }

  async checkNewData(): Promise<void> {
    try {
      const n = await this.versions.interactionsSinceOldestActiveSnapshot();
      if (n >= this.options.afterInteractions) {
        this.logger.info({ newInteractions: n }, 'enough new interactions: queueing a retrain');
        await this.queueAll('new-data');
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not check for new data');
    }
  }
}
