import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { Scope } from '../../src/data/repositories/api-key.repository';
import { createDataSource } from '../../src/data/data-source';
import { ApiKeyService } from '../../src/services/api-key.service';

/**
 * A pool of our own on a test server's database (the TestDatabase's pool is closed once the
 * server starts), for creating keys through the real ApiKeyService and for asserting on rows.
 */
export function openPool(url: string): Pool {
  const pool = new Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined);
  return pool;
}

/** the real ApiKeyService on the pool's database, over a data source of its own for the call */
export async function withKeyService<T>(pool: Pool, fn: (keys: ApiKeyService) => Promise<T>): Promise<T> {
  const ds = await createDataSource(pool.options.connectionString!, { poolSize: 1 }).initialize();
  try {
    return await fn(new ApiKeyService(ds));
  } finally {
    await ds.destroy();
  }
}

/** creates a stored key with a unique name; returns the key string and a Bearer header */
export async function createKey(pool: Pool, scope: Scope, name = `${scope}-${randomBytes(4).toString('hex')}`) {
  const { key } = await withKeyService(pool, (keys) => keys.create(name, scope));
  return { key, name, headers: { authorization: `Bearer ${key}` } };
}
