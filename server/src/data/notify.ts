import type { Pool, PoolClient } from 'pg';

/**
 * Sends a PostgreSQL notification (other replicas LISTEN through data/notifier.ts). Hand-written:
 * TypeORM has no LISTEN/NOTIFY API. Inside a transaction it is delivered only on commit.
 */
export async function notify(db: Pool | PoolClient, channel: string, payload: string): Promise<void> {
  await db.query(`SELECT pg_notify($1, $2)`, [channel, payload]);
}
