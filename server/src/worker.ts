import './node-env';
import 'reflect-metadata';
import os from 'node:os';
import { loadConfigOrExit } from './config';
import { startDatabase } from './data/database';
import { Notifier } from './data/notifier';
import { createLogger } from './logger';
import { createJobRunner } from './training/training-setup';

/**
 * `npm run worker`: a process that only trains. It takes jobs from the PostgreSQL queue (the same
 * one the servers use), so servers can run with TRAINING_WORKER=false and never spend CPU on fits.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel).child({ role: 'worker' });
  const db = await startDatabase(config, logger);
  await db.migrate();
  const notifier = new Notifier(db.url, logger);
  await notifier.start();
  const runner = createJobRunner(config, db, logger, `${os.hostname()}:${process.pid}:worker`);
  runner.start(notifier);
  logger.info('training worker waiting for jobs');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runner.stop();
    await notifier.stop();
    await db.stop(); // stops the embedded PostgreSQL too, when no other process uses it
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
}

main().catch((err) => {
  console.error('worker failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
