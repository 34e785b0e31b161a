import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { poolOf } from './data-source';

/**
 * Sends a PostgreSQL notification (other replicas LISTEN through data/notifier.ts). Hand-written:
 * TypeORM has no LISTEN/NOTIFY API. On a transaction's client it is delivered only on commit.
 */
export async function notify(db: DataSource | Pool | PoolClient, channel: string, payload: string): Promise<void> {
  await (db instanceof DataSource ? poolOf(db) : db).query(`SELECT pg_notify($1, $2)`, [channel, payload]);
}
