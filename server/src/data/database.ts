import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { DEFAULT_BOUNDS } from './bounded-client';
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
 * UNAVAILABLE and the pool reconnects by itself when the database is back. Every call on the pool
 * is bounded (bounded-client.ts); migrations run on a connection of their own without those bounds.
 */
export async function startDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseStatementTimeoutMs' | 'databaseConnectTimeoutMs'>>,
  logger?: Logger,
  options: { poolSize?: number } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(`${config.dataDir}/postgres`, logger);
    url = embedded.url;
  }
  const bounds = {
    statementMs: config.databaseStatementTimeoutMs ?? DEFAULT_BOUNDS.statementMs,
    connectMs: config.databaseConnectTimeoutMs ?? DEFAULT_BOUNDS.connectMs,
  };
  const dataSource = createDataSource(url, { ...options, bounds });
  try {
    await dataSource.initialize();
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  const pool = poolOf(dataSource);
  pool.on('error', (err) => logger?.warn({ err: err.message }, 'database connection lost'));
  // pool.end() resolves once its clients are asked to end, not once their sessions are gone: the
  // stop below waits for them, so stopping PostgreSQL next never terminates a session of ours
  const open = new Set<object>();
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
  });
  let stopped = false;
  return {
    url,
    embedded: !!embedded,
    dataSource,
    pool,
    async migrate() {
      // a migration's length grows with the data (an index on millions of rows): no serving bounds
      const unbounded = createDataSource(url!, { poolSize: 1, bounds: null });
      await unbounded.initialize();
      try {
        const ran = await unbounded.runMigrations({ transaction: 'each' });
        return ran.map((m) => m.name);
      } finally {
        await unbounded.destroy().catch(() => undefined);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // end the pool before stopping postgres, so no client sees "terminating connection"
      await dataSource.destroy().catch(() => undefined);
      for (const end = Date.now() + 5_000; open.size && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
      await embedded?.stop();
    },
  };
}
