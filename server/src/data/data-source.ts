import 'reflect-metadata';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations';
import { entities } from './entities';

/** The TypeORM data source. Schema changes only through migrations: synchronize stays off. */
export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
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
      // fail fast when the database is down instead of hanging requests (answered as UNAVAILABLE)
      connectionTimeoutMillis: 1500,
      idleTimeoutMillis: 30_000,
      application_name: 'tastegraph',
    },
  });
}

/** the pg pool inside the data source, for COPY and hand-written hot-path SQL */
export function poolOf(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}
