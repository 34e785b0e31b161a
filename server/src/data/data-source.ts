import 'reflect-metadata';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations';
import { BoundedClient, DEFAULT_BOUNDS, READ_GRACE_MS, type DatabaseBounds } from './bounded-client';
import { entities } from './entities';

export interface DataSourceOptions {
  poolSize?: number;
  /** the serving bounds (see bounded-client.ts); null: none, for migrations whose length grows with the data */
  bounds?: DatabaseBounds | null;
}

/** The TypeORM data source. Schema changes only through migrations: synchronize stays off. */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const bounds = options.bounds === undefined ? DEFAULT_BOUNDS : options.bounds;
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 20,
      idleTimeoutMillis: 30_000,
      application_name: 'tastegraph',
      // a peer that vanished (host down, network cut) is noticed by the kernel, not only by a timeout
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(bounds
        ? {
            // every call answers or fails in bounded time, so requests answer UNAVAILABLE, never hang
            connectionTimeoutMillis: bounds.connectMs,
            statement_timeout: bounds.statementMs,
            Client: BoundedClient,
            readTimeoutMs: bounds.statementMs + READ_GRACE_MS,
          }
        : { connectionTimeoutMillis: 10_000 }),
    },
  });
}

/** the pg pool inside the data source, for COPY and hand-written hot-path SQL */
export function poolOf(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}
