/**
 * For the import benchmark: how many users/items/interactions rows a step wrote (inserted or
 * rewrote), by their xmin — an idempotent re-import must write none. Own short connections, outside
 * the serving pool's statement bounds (counting 10M rows takes longer than a request may).
 * Assumes a cluster young enough that transaction ids have not wrapped around (a fresh one).
 */
import { Client } from 'pg';

async function query(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** the transaction id now: rows whose xmin is later were written after this call */
export async function transactionIdNow(url: string): Promise<number> {
  return Number((await query(url, 'SELECT txid_current()::text AS x'))[0].x);
}

/** rows of users, items and interactions written (inserted or rewritten) since the given transaction id */
export async function rowsWrittenSince(url: string, xid: number): Promise<number> {
  const rows = await query(
    url,
    `SELECT
    (SELECT count(*) FROM users WHERE xmin::text::bigint > $1) + (SELECT count(*) FROM items WHERE xmin::text::bigint > $1) +
    (SELECT count(*) FROM interactions WHERE xmin::text::bigint > $1) AS n`,
    [xid],
  );
  return Number(rows[0].n);
}
