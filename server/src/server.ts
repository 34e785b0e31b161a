import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { startDatabase, type Database } from './data/database';
import { withAdvisoryLock } from './data/advisory-lock';
import { Notifier } from './data/notifier';
import { seedDemoIfEmpty } from './data/seed-demo';
import { createSchema } from './graphql/schema';
import { createApp } from './http/app';
import { configureEngine } from './engine/kernels/kernel-mode';
import { isLoopbackName } from './http/host-check';
import type { Logger } from './logger';
import { CatalogSyncService } from './services/catalog-sync.service';
import { ModelServingService } from './services/model-serving.service';
import { createServices, type Services } from './services/services';
import type { JobRunner } from './training/job-runner';
import { RetrainScheduler } from './training/retrain-scheduler';
import { createJobRunner } from './training/training-setup';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  services: Services;
  /** this process's training job runner (null with TRAINING_WORKER=false) */
  runner: JobRunner | null;
  /** resolves once every strategy has a model to serve */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** the listen address is loopback: the same names a Host header must use to get the web client's key */
const isLoopback = (host: string) => isLoopbackName(host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase());

/** the very first start creates an admin key and shows it once (only its hash is stored) */
async function printFirstAdminKey(services: Services, logger: Logger, show: (key: string) => void): Promise<void> {
  if (await services.keys.hasAnyKey()) return;
  const { key } = await services.keys.create('admin', 'admin');
  logger.warn({ keyName: 'admin' }, 'created the first admin API key; it is shown once, below, and stored only as a hash');
  show(key);
}

const showOnTerminal = (key: string) => process.stderr.write(`\n  Admin API key (shown once; keep it safe): ${key}\n\n`);

/**
 * Wires config → database → migrations → demo seed → services → models → GraphQL → HTTP.
 * The server listens at once; /ready turns 200 when every strategy has a model (loaded from
 * PostgreSQL, or trained by the job runner on the very first start). Same code for `npm start` and tests.
 */
export interface StartOptions {
  /**
   * how often each replica re-reads the active versions as a fallback for a lost notification
   * (tests set it far out, to prove that notifications alone carry a change to other replicas)
   */
  modelSyncPollMs?: number;
  /**
   * how often each replica compares the users it holds in memory with the database and repairs
   * any difference (a lost notification, a direct SQL write); 10 s unless set
   */
  userReconcileMs?: number;
  /** where the first admin key is shown (the terminal; tests keep keys out of their logs) */
  showFirstAdminKey?: (key: string) => void;
}

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const t0 = Date.now();
  const kernelsMissing = configureEngine(config.engineKernels, config.engineThreads);
  if (kernelsMissing) logger.warn({ problem: kernelsMissing }, 'the WebAssembly kernels are unavailable; the engine runs its TypeScript reference (slower, same results)');
  const db = await startDatabase(config, logger);
  const stops: (() => Promise<void> | void)[] = [];
  try {
    await withAdvisoryLock(db.pool, 'tastegraph:startup', async () => {
      const ran = await db.migrate();
      if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
      if (config.seedDemo) await seedDemoIfEmpty(db.pool, { seed: config.demoSeed }, logger);
    });
    const services = createServices(db.dataSource, {
      autoBuckets: config.autoBuckets,
      autoStrategy: config.autoStrategy,
      writeGroupWaitMs: config.writeGroupWaitMs,
      logger,
      impressions: { sampleRate: config.impressionSampleRate, retentionDays: config.impressionRetentionDays, attributionWindowHours: config.attributionWindowHours },
    });
    // stopped after HTTP closes (stops run in reverse): the lists of the last requests are written
    services.impressions.start();
    services.feedback.onAttributionError = (err) => logger.warn({ err }, 'a write was committed but could not be attributed to its impression (its attribution is null)');
    stops.push(() => services.impressions.stop());
    await withAdvisoryLock(db.pool, 'tastegraph:startup', () => printFirstAdminKey(services, logger, options.showFirstAdminKey ?? showOnTerminal));

    const notifier = new Notifier(db.url, logger);
    await notifier.start();
    stops.push(() => notifier.stop());
    services.feedbackTypes.listen(notifier);
    // API keys are checked from memory; revocations reach every replica by notification and a short poll
    services.keys.listen(notifier);
    stops.push(() => services.keys.stop());
    // a type's weight or polarity changed: every history held in memory is read again on its next use
    services.feedbackTypes.onChange = () => services.recommendations.users.clear();
    // the catalog first: every model loaded below is filtered by it
    const catalogSync = new CatalogSyncService(services.repos.items, services.recommendations, logger, services.instance);
    services.catalog.onChange = (keys) => catalogSync.refresh(keys);
    await catalogSync.start(notifier, options.modelSyncPollMs);
    stops.push(() => catalogSync.stop());
    const serving = new ModelServingService(db.dataSource, services.repos.users, services.recommendations, logger, services.instance);
    services.feedback.onWrite = (ids) => serving.userChanged(ids);
    services.users.onErase = (ids) => serving.forgetUsers(ids);
    services.serving = serving;
    services.models.serving = serving;
    await serving.start(notifier, options.modelSyncPollMs, options.userReconcileMs);
    stops.push(() => serving.stop());
    // the running experiment (if any), its pinned versions loaded before its assignments start
    services.experiments.loadPinned = (ids) => serving.loadPinned(ids);
    services.experiments.logger = logger;
    await services.experiments.listen(notifier, options.modelSyncPollMs);
    stops.push(() => services.experiments.stop());

    const scheduler = new RetrainScheduler(db.dataSource, { intervalSeconds: config.retrainIntervalSeconds, afterInteractions: config.retrainAfterInteractions }, logger);
    await scheduler.ensureInitialModels();
    scheduler.start();
    stops.push(() => scheduler.stop());
    let runner: JobRunner | null = null;
    if (config.trainingWorker) {
      runner = createJobRunner(config, db, logger, `${os.hostname()}:${process.pid}:server`);
      runner.start(notifier);
      stops.push(() => runner!.stop());
    }

    const schema = await createSchema();
    const webClientKey = config.webClientKey && isLoopback(config.host) ? services.keys.createLocalKey('write') : null;
    const { app, apollo, metrics } = await createApp({ config, db, services, schema, logger, webClientKey });
    services.recommendations.metrics = metrics;
    serving.metrics = metrics;
    const server = http.createServer(app);
    // An idle keep-alive connection is closed by whichever side times out first; when the server
    // does, a request the client sends at that moment is reset unanswered. Clients (undici's 4 s,
    // load balancers' 60 s) must therefore give up first: the server waits longer than all of them.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url: `${url}/`, graphql: `${url}/graphql`, seconds: (Date.now() - t0) / 1000 }, 'Tastegraph is listening');

    let closed = false;
    const waitUntilReady = async (timeoutMs = 120_000) => {
      const end = Date.now() + timeoutMs;
      while (!services.recommendations.ready) {
        if (closed) throw new Error('server closed before its models were ready');
        if (Date.now() > end) throw new Error(`models not ready after ${timeoutMs} ms (missing: ${services.recommendations.missing().join(', ')})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    void waitUntilReady(24 * 3600_000).then(
      () => logger.info({ seconds: (Date.now() - t0) / 1000 }, 'Tastegraph is ready: every strategy is serving'),
      () => undefined,
    );

    return {
      url,
      port,
      db,
      services,
      runner,
      waitUntilReady,
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await apollo.stop();
        for (const stop of stops.reverse()) await stop();
        await db.stop();
      },
    };
  } catch (e) {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    await db.stop();
    throw e;
  }
}
