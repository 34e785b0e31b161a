import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { Scope } from '../../src/data/repositories/api-key.repository';
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

/** creates a stored key with a unique name; returns the key string and a Bearer header */
export async function createKey(pool: Pool, scope: Scope, name = `${scope}-${randomBytes(4).toString('hex')}`) {
  const { key } = await new ApiKeyService(pool).create(name, scope);
  return { key, name, headers: { authorization: `Bearer ${key}` } };
}
