import type { PoolClient } from 'pg';
import type { FeedbackType } from '../../engine/dataset/feedback';

type PoolLike = { connect(): Promise<PoolClient> };

/** what a reader of the training snapshot is handed, in this order: feedback types, users, items, then interactions in batches */
export interface SnapshotVisitor {
  feedbackTypes(types: FeedbackType[]): void;
  user(key: string, externalId: string): void;
  item(key: string, externalId: string, title: string, categories: string[]): void;
  /** rows of [userKey, itemKey, kind, value, occurredAt (epoch seconds)] */
  interactions(batch: [string, string, string, number, number][]): void;
}

/**
 * Reads every user, item and interaction from one consistent snapshot (a read-only REPEATABLE READ
 * transaction) and returns the moment it was taken. SQL: the hot history read — interactions stream
 * through a server-side cursor in array mode, 50,000 rows a batch, so memory stays flat on large tables.
 */
export async function readTrainingSnapshot(pool: PoolLike, visit: SnapshotVisitor): Promise<Date> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // now() is the transaction's start: every row read below was committed before it
    const snapshotAt: Date = (await client.query(`SELECT now() AS t`)).rows[0].t;
    const types = await client.query(`SELECT name, weight::float8 AS weight, polarity FROM feedback_types`);
    visit.feedbackTypes(types.rows);
    const u = await client.query(`SELECT id::text AS key, external_id FROM users ORDER BY id`);
    for (const r of u.rows) visit.user(r.key, r.external_id);
    const it = await client.query(`SELECT id::text AS key, external_id, title, categories FROM items ORDER BY id`);
    for (const r of it.rows) visit.item(r.key, r.external_id, r.title, r.categories);
    await client.query(
      `DECLARE interactions_cursor NO SCROLL CURSOR FOR
       SELECT user_id::text, item_id::text, kind, value::float8,
              extract(epoch FROM occurred_at)::float8 AS t
         FROM interactions`,
    );
    for (;;) {
      const batch = await client.query({ text: 'FETCH 50000 FROM interactions_cursor', rowMode: 'array' });
      if (!batch.rows.length) break;
      visit.interactions(batch.rows as Parameters<SnapshotVisitor['interactions']>[0]);
    }
    await client.query('COMMIT');
    return snapshotAt;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
