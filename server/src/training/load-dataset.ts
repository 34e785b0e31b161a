import type { Pool, PoolClient } from 'pg';

type PoolLike = { connect(): Promise<PoolClient> };
import { DatasetBuilder } from '../engine/dataset/dataset';
import { Vocabulary } from '../engine/dataset/vocabulary';
import type { Dataset } from '../engine/dataset/dataset';

/** What serving needs to know about the catalog besides the matrix: by dense item index. */
export interface CatalogSnapshot {
  /** internal bigint key of each item index */
  itemKeys: string[];
  titles: string[];
  genres: string[][];
  /** internal bigint key of each user index */
  userKeys: string[];
}

export interface LoadedData {
  dataset: Dataset;
  catalog: CatalogSnapshot;
  /** the moment the snapshot was read: later writes are folded in when the model is served */
  snapshotAt: Date;
}

/**
 * Turns the database into an engine dataset. Every user and item is in the vocabularies, even with no
 * interactions, so that new items are reachable through popularity. Ids are the external ids.
 * Rows are streamed in batches by a server-side cursor so memory stays flat on large tables.
 */
export async function loadDataset(pool: Pool | PoolLike): Promise<LoadedData> {
  const users = new Vocabulary();
  const items = new Vocabulary();
  const userKeys: string[] = [];
  const itemKeys: string[] = [];
  const titles: string[] = [];
  const genres: string[][] = [];
  const userIndexByKey = new Map<string, number>();
  const itemIndexByKey = new Map<string, number>();

  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // now() is the transaction's start: every row read below was committed before it
    const snapshotAt: Date = (await client.query(`SELECT now() AS t`)).rows[0].t;
    const u = await client.query(`SELECT id::text AS key, external_id FROM users ORDER BY id`);
    for (const r of u.rows) {
      userIndexByKey.set(r.key, users.add(r.external_id));
      userKeys.push(r.key);
    }
    const it = await client.query(`SELECT id::text AS key, external_id, title, genres FROM items ORDER BY id`);
    for (const r of it.rows) {
      itemIndexByKey.set(r.key, items.add(r.external_id));
      itemKeys.push(r.key);
      titles.push(r.title);
      genres.push(r.genres);
    }
    const builder = new DatasetBuilder(users, items);
    await client.query(
      `DECLARE interactions_cursor NO SCROLL CURSOR FOR
       SELECT user_id::text, item_id::text, kind = 'rating' AS is_rating, value, weight,
              extract(epoch FROM occurred_at)::float8 AS t
         FROM interactions`,
    );
    for (;;) {
      const batch = await client.query({ text: 'FETCH 50000 FROM interactions_cursor', rowMode: 'array' });
      if (!batch.rows.length) break;
      for (const [uk, ik, isRating, value, weight, t] of batch.rows) {
        const ui = userIndexByKey.get(uk)!;
        const ii = itemIndexByKey.get(ik)!;
        builder.addIndexed(ui, ii, isRating ? value : NaN, isRating ? 1 : weight, t);
      }
    }
    await client.query('COMMIT');
    return { dataset: builder.build(), catalog: { itemKeys, titles, genres, userKeys }, snapshotAt };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
