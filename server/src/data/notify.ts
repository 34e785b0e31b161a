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

/** PostgreSQL refuses payloads of 8,000 bytes or more */
const MAX_PAYLOAD = 7900;

/**
 * Sends a list of values as `origin|["v1","v2",…]` notifications, as many as it takes to stay under
 * the payload limit (the sender's own replica skips what it sent by its origin). On a transaction's
 * client, all of them are delivered on commit, or none.
 */
export async function notifyList(db: Pool | PoolClient, channel: string, origin: string, values: readonly string[]): Promise<void> {
  let chunk: string[] = [];
  let size = origin.length + 3;
  const flush = async () => {
    if (chunk.length) await notify(db, channel, `${origin}|${JSON.stringify(chunk)}`);
    chunk = [];
    size = origin.length + 3;
  };
  for (const v of values) {
    const add = Buffer.byteLength(JSON.stringify(v)) + 1;
    if (size + add > MAX_PAYLOAD) await flush();
    chunk.push(v);
    size += add;
  }
  await flush();
}

/** a notifyList payload: who sent it and its values (null when it is not one) */
export function parseList(payload: string): { origin: string; values: string[] } | null {
  const bar = payload.indexOf('|');
  if (bar < 0) return null;
  try {
    const values = JSON.parse(payload.slice(bar + 1)) as unknown;
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null;
    return { origin: payload.slice(0, bar), values };
  } catch {
    return null;
  }
}
