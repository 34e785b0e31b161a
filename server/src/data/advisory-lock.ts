import type { Pool } from 'pg';

/**
 * Runs fn while holding a session-level PostgreSQL advisory lock, so that replicas starting at
 * the same moment migrate and seed one after the other instead of racing.
 */
export async function withAdvisoryLock<T>(pool: Pool, name: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
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
