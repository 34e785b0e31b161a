import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDataSource, poolOf } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export interface Database {
  url: string;
  embedded: boolean;
  dataSource: DataSource;
  pool: Pool;
  /** runs pending migrations; returns their names */
  migrate(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts an embedded PostgreSQL in DATA_DIR when it is unset.
 * Pool errors (the server restarting under us) are logged, never thrown: requests answer
 * UNAVAILABLE and the pool reconnects by itself when the database is back.
 */
export async function startDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger?: Logger,
  options: { poolSize?: number } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(`${config.dataDir}/postgres`, logger);
    url = embedded.url;
  }
  const dataSource = createDataSource(url, options);
  try {
    await dataSource.initialize();
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  const pool = poolOf(dataSource);
  pool.on('error', (err) => logger?.warn({ err: err.message }, 'database connection lost'));
  let stopped = false;
  return {
    url,
    embedded: !!embedded,
    dataSource,
    pool,
    async migrate() {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // end the pool before stopping postgres, so no client sees "terminating connection"
      await dataSource.destroy().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
