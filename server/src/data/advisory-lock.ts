import type { Pool } from 'pg';
import { connectUnbounded } from './bounded-client';

/**
 * Runs fn while holding a session-level PostgreSQL advisory lock, so that replicas starting at
 * the same moment migrate and seed one after the other instead of racing. Waiting for the lock lasts
 * as long as another replica's migrations and seed: the session has no statement timeout.
 */
export async function withAdvisoryLock<T>(pool: Pool, name: string, fn: () => Promise<T>): Promise<T> {
  const client = await connectUnbounded(pool);
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [name]); // SQL: TypeORM has no advisory-lock API
    try {
      return await fn();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
