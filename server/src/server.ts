import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { startDatabase, type Database } from './data/database';
import { seedDemoIfEmpty } from './data/seed-demo';
import { createSchema } from './graphql/schema';
import { createApp } from './http/app';
import type { Logger } from './logger';
import { createServices, type Services } from './services/services';
import { fitAllModels } from './training/fit-models';
import { loadDataset } from './training/load-dataset';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** the very first start creates an admin key and shows it once (only its hash is stored) */
async function printFirstAdminKey(services: Services, logger: Logger): Promise<void> {
  if (await services.keys.hasAnyKey()) return;
  const { key } = await services.keys.create('admin', 'admin');
  logger.warn({ keyName: 'admin' }, 'created the first admin API key; it is shown once, below, and stored only as a hash');
  process.stderr.write(`\n  Admin API key (shown once; keep it safe): ${key}\n\n`);
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

/**
 * Wires config → database → migrations → demo seed → services → GraphQL → HTTP.
 * The same function serves `npm start` and the integration tests.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const t0 = Date.now();
  const db = await startDatabase(config, logger);
  try {
    const ran = await db.migrate();
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
    if (config.seedDemo) await seedDemoIfEmpty(db.pool, { seed: config.demoSeed }, logger);
    const services = createServices(db.pool, { minInteractions: config.minInteractions, autoStrategy: 'SVD' }, logger);
    const schema = await createSchema();
    await printFirstAdminKey(services, logger);
    const webClientKey = config.webClientKey && isLoopback(config.host) ? services.keys.createLocalKey('write') : null;
    const { app, apollo, metrics } = await createApp({ config, db, services, schema, logger, webClientKey });
    services.recommendations.metrics = metrics;
    const server = http.createServer(app);
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    // until model versions are stored (model lifecycle), every start fits from the database
    const data = await loadDataset(db.pool);
    services.recommendations.setState(await fitAllModels(data, logger));
    logger.info({ url: `${url}/`, graphql: `${url}/graphql`, seconds: (Date.now() - t0) / 1000 }, 'Tastegraph is ready');
    let closed = false;
    return {
      url,
      port,
      db,
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await apollo.stop();
        await db.stop();
      },
    };
  } catch (e) {
    await db.stop();
    throw e;
  }
}
