import type { Config } from '../config';
import type { Database } from '../data/database';
import type { Logger } from '../logger';
import { JobRunner } from './job-runner';

/** the job runner as configured: shared by the server (TRAINING_WORKER=true) and `npm run worker` */
export function createJobRunner(config: Config, db: Database, logger: Logger, workerId: string): JobRunner {
  return new JobRunner(
    db.dataSource,
    {
      workerId,
      databaseUrl: db.url,
      seed: config.trainingSeed,
      kernels: config.engineKernels,
      threads: config.engineThreads,
      k: config.evalK,
      policy: { metric: config.selectionMetric, tolerance: config.selectionTolerance },
      keepVersions: config.keepVersions,
      staleSeconds: config.jobStaleSeconds,
      pollMs: 2000,
    },
    logger,
  );
}
