import type { Pool } from 'pg';

/** the cheapest round trip, for health checks; SQL: there is nothing for TypeORM to map */
export async function ping(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}
