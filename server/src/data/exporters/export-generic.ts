/**
 * Writes the whole database as files of the generic import format (items, users, events, feedback
 * types; CSV or JSON Lines), exactly what `npm run import` reads, so export → import into an empty
 * database gives the same data. One read-only REPEATABLE READ transaction, so the four files agree
 * with each other under concurrent writes; rows stream through server-side cursors, so memory stays
 * flat on large tables. Items and users come in id order, which an import keeps (the training
 * vocabulary's order); events user by user in time order, an order that depends on their content only,
 * so exporting the re-imported database gives the same files.
 * Files are written under a temporary name and renamed at the end: a failed export leaves none.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { FeedbackType } from '../../engine/dataset/feedback';
import { connectUnbounded } from '../bounded-client';
import type { FileKind } from '../importers/generic/column-map';
import { LineWriter } from '../importers/generic/line-writer';
import type { FileFormat } from '../importers/generic/rows';
import { parseTimestamp, type Timestamp } from '../importers/generic/values';
import { eventLine, feedbackTypeLine, fileName, headerLine, itemLine, userLine } from '../importers/generic/write-records';

export interface ExportOptions {
  format?: FileFormat;
  /** rows written of the table being exported */
  onProgress?(kind: FileKind, done: number, total: number): void;
}

export interface ExportResult {
  files: Record<FileKind, string>;
  counts: Record<FileKind, number>;
}

/** items whose attributes are not a JSON object cannot be written as the format's attribute columns */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

const BATCH = 10_000;

/** extract(epoch …) is exact numeric text ("1709287200.250000"), read back without rounding */
const epoch = (column: string) => `extract(epoch FROM ${column})::text`;
const time = (text: string | null): Timestamp | null => (text === null ? null : parseTimestamp(text));

export async function exportGeneric(pool: Pool, dir: string, opts: ExportOptions = {}): Promise<ExportResult> {
  const format = opts.format ?? 'csv';
  mkdirSync(dir, { recursive: true });
  const kinds: FileKind[] = ['feedback-types', 'items', 'users', 'events'];
  const files = Object.fromEntries(kinds.map((k) => [k, join(dir, fileName(k, format))])) as Record<FileKind, string>;
  const partial = (k: FileKind) => `${files[k]}.partial`;
  const counts = { 'feedback-types': 0, items: 0, users: 0, events: 0 } as Record<FileKind, number>;
  // the export's length grows with the data: a connection without the serving bounds
  const client = await connectUnbounded(pool);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // the events' sort; LOCAL keeps the setting to this transaction
    await client.query(`SET LOCAL work_mem = '256MB'`);
    const total = (
      await client.query(`SELECT (SELECT count(*) FROM feedback_types)::float8 AS "feedback-types",
      (SELECT count(*) FROM items)::float8 AS items, (SELECT count(*) FROM users)::float8 AS users,
      (SELECT count(*) FROM interactions)::float8 AS events`)
    ).rows[0] as Record<FileKind, number>;
    const nonObject = (
      await client.query(`SELECT external_id FROM items
      WHERE attributes IS NOT NULL AND jsonb_typeof(attributes) <> 'object' ORDER BY id LIMIT 1`)
    ).rows[0];
    if (nonObject) {
      throw new ExportError(
        `item "${nonObject.external_id}" has attributes that are not a JSON object; ` + 'the export format holds an object of named attributes (set them with upsertItems)',
      );
    }
    const attributeNames: string[] =
      format === 'csv' ? (await client.query(`SELECT DISTINCT k FROM items, jsonb_object_keys(attributes) AS k ORDER BY k`)).rows.map((r) => r.k) : [];

    const write = async <R>(kind: FileKind, sql: string, line: (row: R) => string): Promise<void> => {
      const out = new LineWriter(partial(kind));
      try {
        await out.write(headerLine(kind, format, attributeNames));
        await client.query(`DECLARE export_cursor NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const batch = await client.query({ text: `FETCH ${BATCH} FROM export_cursor`, rowMode: 'array' });
          if (!batch.rows.length) break;
          for (const row of batch.rows as R[]) await out.write(line(row));
          counts[kind] += batch.rows.length;
          opts.onProgress?.(kind, counts[kind], total[kind]);
        }
        await client.query('CLOSE export_cursor');
        await out.close();
      } catch (e) {
        out.destroy();
        throw e;
      }
    };

    await write<[string, number, FeedbackType['polarity'], boolean]>(
      'feedback-types',
      `SELECT name, weight, polarity, conversion FROM feedback_types ORDER BY name`,
      ([name, weight, polarity, conversion]) => feedbackTypeLine({ name, weight, polarity, conversion }, format),
    );
    await write<[string, string, string[], string | null, string | null, boolean, Record<string, unknown> | null]>(
      'items',
      `SELECT external_id, title, categories, description, ${epoch('published_at')}, hidden, attributes FROM items ORDER BY id`,
      ([id, title, categories, description, published, hidden, attributes]) =>
        itemLine({ id, title, categories, description, publishedAt: time(published), hidden, attributes }, format, attributeNames),
    );
    await write<[string, string[]]>('users', `SELECT external_id, labels FROM users ORDER BY id`, ([id, labels]) => userLine({ id, labels }, format));
    await write<[string, string, string, number, string]>(
      'events',
      `SELECT u.external_id, i.external_id, e.kind, e.value, ${epoch('e.occurred_at')}
       FROM interactions e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
       ORDER BY e.user_id, e.occurred_at, e.item_id, e.kind, e.value`,
      ([userId, itemId, kind, value, occurred]) => eventLine({ userId, itemId, kind, value, timestamp: time(occurred) }, format),
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    for (const k of kinds) rmSync(partial(k), { force: true });
    throw e;
  } finally {
    client.release();
  }
  for (const k of kinds) renameSync(partial(k), files[k]);
  return { files, counts };
}
