/**
 * Loads files of the generic format (items, users, events, feedback types; any subset) into the
 * database in ONE transaction: each file is streamed straight into a temp staging table by COPY as it
 * is read and checked (so a file larger than memory is fine, and a bad line anywhere rolls everything
 * back), then set-based statements merge the staging tables into the real ones.
 *
 * What "the same import twice changes nothing" rests on:
 * - items and users are keyed by external id; an existing row is rewritten only where a value differs,
 *   and only for the columns the file has (a missing column leaves the field as it is);
 * - feedback types are keyed by name, rewritten only when weight or polarity differ;
 * - ratings: one per (user, item), the latest in the file winning (as the MovieLens importer does);
 * - other events are facts without an id, so an event counts as already stored when the database has an
 *   identical one (same user, item, kind, value and time): a file with n identical lines means n events,
 *   and an import adds only as many as are missing. An event without a time cannot be told apart by
 *   time; it is matched on the rest (user, item, kind, value), at whatever time the stored one has.
 * Unknown users and items named by events are created (an item's title is then its id).
 */
import type { Pool, PoolClient } from 'pg';
import type { FeedbackType } from '../../../engine/dataset/feedback';
import { RATING_KIND } from '../../../engine/dataset/feedback';
import { copyFromProducer, copyNullable, copyRows, copyText } from '../copy';
import { checkIdTable, idTableSql, withoutPerRowForeignKeyChecks } from '../foreign-keys';
import { inImportTransaction } from '../import-transaction';
import type { ColumnRename, FileKind } from './column-map';
import { ImportFormatError } from './format-error';
import { locateField, readAll, readEvents, readFeedbackTypes, readItems, readUsers } from './read-records';
import { declaredKinds, type EventRecord, type FeedbackTypeRecord, type ItemRecord, type UserRecord } from './records';
import { formatTimestamp, LIST_SEPARATOR, type Timestamp } from './values';

export interface GenericImportFiles {
  items?: string;
  users?: string;
  events?: string;
  feedbackTypes?: string;
  map?: readonly ColumnRename[];
}

export type GenericImportStage = 'reading' | 'writing';

export interface GenericImportOptions {
  /** while reading: the file and bytes read of it; then once ('writing', '', 0, 1) for the merge */
  onProgress?(stage: GenericImportStage, file: string, done: number, total: number): void;
}

export interface GenericImportResult {
  /** records read from each file given */
  read: { items: number; users: number; events: number; feedbackTypes: number };
  feedbackTypes: { created: number; updated: number };
  /** items: also those created because an event named them */
  items: { created: number; updated: number };
  users: { created: number; updated: number };
  ratings: { created: number; updated: number };
  /** implicit events added (those already stored are not added again) */
  events: { created: number };
  /** what the database holds after the commit (the figures of datasetStats) */
  totals: { users: number; items: number; interactions: number; ratings: number };
}

const STAGING = [
  `CREATE TEMP TABLE generic_stage_feedback_types (
     line bigint NOT NULL, name text NOT NULL, weight real NOT NULL, polarity text NOT NULL, conversion boolean) ON COMMIT DROP`,
  // has_*: whether the file had that column (or the JSON line that key); only those are written
  `CREATE TEMP TABLE generic_stage_items (
     line bigint NOT NULL, external_id text NOT NULL, title text NOT NULL,
     has_categories boolean NOT NULL, categories text, has_description boolean NOT NULL, description text,
     has_published_at boolean NOT NULL, published_at timestamptz, has_hidden boolean NOT NULL, hidden boolean,
     has_attributes boolean NOT NULL, attributes jsonb) ON COMMIT DROP`,
  `CREATE TEMP TABLE generic_stage_users (
     line bigint NOT NULL, external_id text NOT NULL, has_labels boolean NOT NULL, labels text) ON COMMIT DROP`,
  `CREATE TEMP TABLE generic_stage_events (
     line bigint NOT NULL, user_external_id text NOT NULL, item_external_id text NOT NULL,
     kind text NOT NULL, value real NOT NULL, ts timestamptz) ON COMMIT DROP`,
];

/** the first line repeating an id of an earlier line, with that earlier line */
const duplicateId = (table: string) => `
  SELECT s.external_id, s.line::float8 AS line, d.first::float8 AS first
  FROM (SELECT external_id, min(line) AS first FROM ${table} GROUP BY external_id HAVING count(*) > 1) d
  JOIN ${table} s ON s.external_id = d.external_id AND s.line > d.first
  ORDER BY s.line LIMIT 1`;

const counts = (cte: string) => `
  WITH up AS (${cte})
  SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM up`;

const UPSERT_FEEDBACK_TYPES = counts(`
  INSERT INTO feedback_types (name, weight, polarity, conversion)
  SELECT name, weight, polarity, COALESCE(conversion, false) FROM generic_stage_feedback_types
  ON CONFLICT (name) DO UPDATE SET weight = EXCLUDED.weight, polarity = EXCLUDED.polarity,
    conversion = COALESCE((SELECT s.conversion FROM generic_stage_feedback_types s WHERE s.name = EXCLUDED.name), feedback_types.conversion),
    updated_at = now()
    WHERE (feedback_types.weight, feedback_types.polarity, feedback_types.conversion) IS DISTINCT FROM
          (EXCLUDED.weight, EXCLUDED.polarity,
           COALESCE((SELECT s.conversion FROM generic_stage_feedback_types s WHERE s.name = EXCLUDED.name), feedback_types.conversion))
  RETURNING (xmax = 0) AS created`);

// Only the columns the file has are changed, and a row only when something differs, so a second
// import rewrites nothing. (ON CONFLICT cannot tell "not in the file" from "cleared": an UPDATE, then
// an INSERT of the new ones.)
const UPDATE_ITEMS = `
  WITH n AS (
    SELECT i.id, s.title,
      CASE WHEN s.has_categories THEN string_to_array(s.categories, '${LIST_SEPARATOR}') ELSE i.categories END AS categories,
      CASE WHEN s.has_description THEN s.description ELSE i.description END AS description,
      CASE WHEN s.has_published_at THEN s.published_at ELSE i.published_at END AS published_at,
      CASE WHEN s.has_hidden THEN s.hidden ELSE i.hidden END AS hidden,
      CASE WHEN s.has_attributes THEN s.attributes ELSE i.attributes END AS attributes
    FROM generic_stage_items s JOIN items i ON i.external_id = s.external_id
  )
  UPDATE items SET title = n.title, categories = n.categories, description = n.description,
    published_at = n.published_at, hidden = n.hidden, attributes = n.attributes, updated_at = now()
  FROM n
  WHERE items.id = n.id
    AND (items.title, items.categories, items.description, items.published_at, items.hidden, items.attributes)
        IS DISTINCT FROM (n.title, n.categories, n.description, n.published_at, n.hidden, n.attributes)`;

// in file order, so ids (and with them the training vocabulary's order) follow the file
const INSERT_ITEMS = `
  INSERT INTO items (external_id, title, categories, description, published_at, hidden, attributes)
  SELECT s.external_id, s.title, COALESCE(string_to_array(s.categories, '${LIST_SEPARATOR}'), '{}'), s.description,
         s.published_at, COALESCE(s.hidden, false), s.attributes
  FROM generic_stage_items s
  WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.external_id = s.external_id)
  ORDER BY s.line
  ON CONFLICT (external_id) DO NOTHING`;

const INSERT_EVENT_ITEMS = `
  INSERT INTO items (external_id, title)
  SELECT e.item_external_id, e.item_external_id
  FROM (SELECT item_external_id, min(line) AS line FROM generic_stage_events GROUP BY item_external_id) e
  WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.external_id = e.item_external_id)
  ORDER BY e.line
  ON CONFLICT (external_id) DO NOTHING`;

const UPDATE_USERS = `
  UPDATE users SET labels = string_to_array(s.labels, '${LIST_SEPARATOR}')
  FROM generic_stage_users s
  WHERE users.external_id = s.external_id AND s.has_labels
    AND users.labels IS DISTINCT FROM string_to_array(s.labels, '${LIST_SEPARATOR}')`;

const INSERT_USERS = `
  INSERT INTO users (external_id, labels)
  SELECT s.external_id, COALESCE(string_to_array(s.labels, '${LIST_SEPARATOR}'), '{}')
  FROM generic_stage_users s
  WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.external_id = s.external_id)
  ORDER BY s.line
  ON CONFLICT (external_id) DO NOTHING`;

const INSERT_EVENT_USERS = `
  INSERT INTO users (external_id)
  SELECT e.user_external_id
  FROM (SELECT user_external_id, min(line) AS line FROM generic_stage_events GROUP BY user_external_id) e
  WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.external_id = e.user_external_id)
  ORDER BY e.line
  ON CONFLICT (external_id) DO NOTHING`;

// the events' external ids → users/items ids, each row locked against deletion until the commit,
// so the interactions can be inserted without a foreign-key check per row (foreign-keys.ts)
const EVENT_USERS = '(SELECT DISTINCT user_external_id FROM generic_stage_events)';
const EVENT_ITEMS = '(SELECT DISTINCT item_external_id FROM generic_stage_events)';
const USER_IDS = idTableSql('generic_user_ids', 'users', EVENT_USERS, 's.user_external_id', 's.user_external_id');
const ITEM_IDS = idTableSql('generic_item_ids', 'items', EVENT_ITEMS, 's.item_external_id', 's.item_external_id');

// One rating per (user, item): the latest timed one in the file, else its last line.
const STAGE_RATINGS = `
  CREATE TEMP TABLE generic_ratings ON COMMIT DROP AS
  SELECT DISTINCT ON (u.id, i.id) u.id AS user_id, i.id AS item_id, s.value, s.ts
  FROM generic_stage_events s
  JOIN generic_user_ids u ON u.external_id = s.user_external_id
  JOIN generic_item_ids i ON i.external_id = s.item_external_id
  WHERE s.kind = '${RATING_KIND}'
  ORDER BY u.id, i.id, s.ts DESC NULLS LAST, s.line DESC`;

// A rating with a time replaces value and time; one without keeps the stored time (a re-import then
// changes nothing) and is stamped with the import's time when new.
const UPSERT_TIMED_RATINGS = counts(`
  INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
  SELECT user_id, item_id, '${RATING_KIND}', value, ts FROM generic_ratings WHERE ts IS NOT NULL
  ON CONFLICT (user_id, item_id) WHERE kind = '${RATING_KIND}' DO UPDATE SET value = EXCLUDED.value, occurred_at = EXCLUDED.occurred_at
    WHERE (interactions.value, interactions.occurred_at) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.occurred_at)
  RETURNING (xmax = 0) AS created`);

const UPSERT_UNTIMED_RATINGS = counts(`
  INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
  SELECT user_id, item_id, '${RATING_KIND}', value, now() FROM generic_ratings WHERE ts IS NULL
  ON CONFLICT (user_id, item_id) WHERE kind = '${RATING_KIND}' DO UPDATE SET value = EXCLUDED.value
    WHERE interactions.value IS DISTINCT FROM EXCLUDED.value
  RETURNING (xmax = 0) AS created`);

// Implicit events grouped by content: n identical lines are n events.
const STAGE_EVENTS = `
  CREATE TEMP TABLE generic_events ON COMMIT DROP AS
  SELECT u.id AS user_id, i.id AS item_id, s.kind, s.value, s.ts, count(*)::int AS n, min(s.line) AS line
  FROM generic_stage_events s
  JOIN generic_user_ids u ON u.external_id = s.user_external_id
  JOIN generic_item_ids i ON i.external_id = s.item_external_id
  WHERE s.kind <> '${RATING_KIND}'
  GROUP BY u.id, i.id, s.kind, s.value, s.ts`;

// What is already stored of the users in the file, grouped like the file's events: a hash join
// against it (not a probe per group), so importing into an empty or unrelated database costs nothing.
const STORED_EVENTS = `
  CREATE TEMP TABLE generic_stored_events ON COMMIT DROP AS
  SELECT e.user_id, e.item_id, e.kind, e.value, e.occurred_at, count(*)::int AS n
  FROM interactions e
  WHERE e.kind <> '${RATING_KIND}' AND e.user_id IN (SELECT DISTINCT user_id FROM generic_events)
  GROUP BY e.user_id, e.item_id, e.kind, e.value, e.occurred_at`;

// Untimed events first: counted against every stored event of the same user, item, kind and value
// (before this import's timed ones exist, which would otherwise swallow them the first time).
const INSERT_UNTIMED_EVENTS = `
  INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
  SELECT g.user_id, g.item_id, g.kind, g.value, now()
  FROM generic_events g
  LEFT JOIN (SELECT user_id, item_id, kind, value, sum(n)::int AS n FROM generic_stored_events GROUP BY 1, 2, 3, 4) s
    ON s.user_id = g.user_id AND s.item_id = g.item_id AND s.kind = g.kind AND s.value = g.value
  CROSS JOIN LATERAL generate_series(1, g.n - COALESCE(s.n, 0))
  WHERE g.ts IS NULL
  ORDER BY g.line`;

const INSERT_TIMED_EVENTS = `
  INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
  SELECT g.user_id, g.item_id, g.kind, g.value, g.ts
  FROM generic_events g
  LEFT JOIN generic_stored_events s
    ON s.user_id = g.user_id AND s.occurred_at = g.ts AND s.item_id = g.item_id AND s.kind = g.kind AND s.value = g.value
  CROSS JOIN LATERAL generate_series(1, g.n - COALESCE(s.n, 0))
  WHERE g.ts IS NOT NULL
  ORDER BY g.line`;

const TOTALS = `
  SELECT (SELECT count(*) FROM users)::int AS users,
         (SELECT count(*) FROM items)::int AS items,
         (SELECT count(*) FROM interactions)::int AS interactions,
         (SELECT count(*) FROM interactions WHERE kind = '${RATING_KIND}')::int AS ratings`;

const bool = (b: boolean | undefined): string => (b === undefined ? '\\N' : b ? 't' : 'f');
const time = (t: Timestamp | null | undefined): string => (t ? formatTimestamp(t) : '\\N');
const has = (x: unknown): string => (x === undefined ? 'f' : 't');

function itemRow(r: ItemRecord): string {
  return (
    `${r.line}\t${copyText(r.id)}\t${copyText(r.title)}\t` +
    `${has(r.categories)}\t${r.categories ? copyText(r.categories.join(LIST_SEPARATOR)) : '\\N'}\t` +
    `${has(r.description)}\t${copyNullable(r.description)}\t` +
    `${has(r.publishedAt)}\t${time(r.publishedAt)}\t` +
    `${has(r.hidden)}\t${bool(r.hidden)}\t` +
    `${has(r.attributes)}\t${r.attributes ? copyText(JSON.stringify(r.attributes)) : '\\N'}\n`
  );
}

function userRow(r: UserRecord): string {
  return `${r.line}\t${copyText(r.id)}\t${has(r.labels)}\t${r.labels ? copyText(r.labels.join(LIST_SEPARATOR)) : '\\N'}\n`;
}

function eventRow(r: EventRecord): string {
  return `${r.line}\t${copyText(r.userId)}\t${copyText(r.itemId)}\t${r.kind}\t${r.value}\t${time(r.timestamp)}\n`;
}

/** the declared feedback types, as the database holds them now */
async function storedFeedbackTypes(client: PoolClient): Promise<FeedbackType[]> {
  return (await client.query(`SELECT name, weight, polarity FROM feedback_types ORDER BY name`)).rows;
}

export function importGeneric(db: Pool | PoolClient, files: GenericImportFiles, opts: GenericImportOptions = {}): Promise<GenericImportResult> {
  if (!files.items && !files.users && !files.events && !files.feedbackTypes) throw new Error('importGeneric needs at least one file');
  return inImportTransaction(db, (client) => importInTransaction(client, files, opts));
}

async function importInTransaction(client: PoolClient, files: GenericImportFiles, opts: GenericImportOptions): Promise<GenericImportResult> {
  const { map } = files;
  // the merges sort and hash-join whole staged files; LOCAL keeps the setting to this transaction
  await client.query(`SET LOCAL work_mem = '256MB'`);
  for (const sql of STAGING) await client.query(sql);
  const read = { items: 0, users: 0, events: 0, feedbackTypes: 0 };
  const progress = (file: string) => (done: number, total: number) => opts.onProgress?.('reading', file, done, total);

  let fileTypes: FeedbackTypeRecord[] = [];
  if (files.feedbackTypes) {
    const path = files.feedbackTypes;
    fileTypes = await readAll<FeedbackTypeRecord>((o) => readFeedbackTypes(path, { ...o, map, onProgress: progress(path) }));
    const first = new Map<string, number>();
    for (const t of fileTypes) {
      if (first.has(t.name)) {
        const column = await locateField('feedback-types', path, t.line, 'name', map);
        throw new ImportFormatError(path, t.line, column, 'name', `"${t.name}" is declared twice (first on line ${first.get(t.name)})`);
      }
      first.set(t.name, t.line);
    }
    read.feedbackTypes = fileTypes.length;
    await copyRows(client, 'COPY generic_stage_feedback_types (line, name, weight, polarity, conversion) FROM STDIN', [
      fileTypes.map((t) => `${t.line}\t${t.name}\t${t.weight}\t${t.polarity}\t${bool(t.conversion)}\n`).join(''),
    ]);
  }
  if (files.items) {
    const path = files.items;
    await copyFromProducer(
      client,
      `COPY generic_stage_items (line, external_id, title, has_categories, categories,
        has_description, description, has_published_at, published_at, has_hidden, hidden, has_attributes, attributes) FROM STDIN`,
      (send) =>
        readItems(path, {
          map,
          onProgress: progress(path),
          onBatch: (batch) => {
            read.items += batch.length;
            return send(batch.map(itemRow).join(''));
          },
        }),
    );
    await client.query('ANALYZE generic_stage_items');
    await refuseDuplicates(client, 'items', 'generic_stage_items', path, map);
  }
  if (files.users) {
    const path = files.users;
    await copyFromProducer(client, 'COPY generic_stage_users (line, external_id, has_labels, labels) FROM STDIN', (send) =>
      readUsers(path, {
        map,
        onProgress: progress(path),
        onBatch: (batch) => {
          read.users += batch.length;
          return send(batch.map(userRow).join(''));
        },
      }),
    );
    await client.query('ANALYZE generic_stage_users');
    await refuseDuplicates(client, 'users', 'generic_stage_users', path, map);
  }
  if (files.events) {
    const path = files.events;
    // the kinds an event may have: those declared in the database, with the file's added
    const kinds = declaredKinds(await storedFeedbackTypes(client), fileTypes);
    await copyFromProducer(client, 'COPY generic_stage_events (line, user_external_id, item_external_id, kind, value, ts) FROM STDIN', (send) =>
      readEvents(path, kinds, {
        map,
        onProgress: progress(path),
        onBatch: (batch) => {
          read.events += batch.length;
          return send(batch.map(eventRow).join(''));
        },
      }),
    );
    await client.query('ANALYZE generic_stage_events');
  }

  opts.onProgress?.('writing', '', 0, 1);
  const feedbackTypes = (await client.query(UPSERT_FEEDBACK_TYPES)).rows[0];
  const itemsUpdated = (await client.query(UPDATE_ITEMS)).rowCount ?? 0;
  const itemsCreated = ((await client.query(INSERT_ITEMS)).rowCount ?? 0) + ((await client.query(INSERT_EVENT_ITEMS)).rowCount ?? 0);
  const usersUpdated = (await client.query(UPDATE_USERS)).rowCount ?? 0;
  const usersCreated = ((await client.query(INSERT_USERS)).rowCount ?? 0) + ((await client.query(INSERT_EVENT_USERS)).rowCount ?? 0);
  await client.query(USER_IDS);
  await client.query(ITEM_IDS);
  await checkIdTable(client, 'generic_user_ids', EVENT_USERS, 'user_external_id', 'users');
  await checkIdTable(client, 'generic_item_ids', EVENT_ITEMS, 'item_external_id', 'items');
  await client.query('ANALYZE generic_user_ids');
  await client.query('ANALYZE generic_item_ids');
  await client.query(STAGE_RATINGS);
  await client.query(STAGE_EVENTS);
  await client.query('ANALYZE generic_events');
  await client.query(STORED_EVENTS);
  await client.query('ANALYZE generic_stored_events');
  const {
    result: { timed, untimed, eventsCreated },
  } = await withoutPerRowForeignKeyChecks(client, async () => ({
    timed: (await client.query(UPSERT_TIMED_RATINGS)).rows[0],
    untimed: (await client.query(UPSERT_UNTIMED_RATINGS)).rows[0],
    eventsCreated: ((await client.query(INSERT_UNTIMED_EVENTS)).rowCount ?? 0) + ((await client.query(INSERT_TIMED_EVENTS)).rowCount ?? 0),
  }));
  const totals = (await client.query(TOTALS)).rows[0];
  opts.onProgress?.('writing', '', 1, 1);
  return {
    read,
    feedbackTypes,
    items: { created: itemsCreated, updated: itemsUpdated },
    users: { created: usersCreated, updated: usersUpdated },
    ratings: { created: timed.created + untimed.created, updated: timed.updated + untimed.updated },
    events: { created: eventsCreated },
    totals,
  };
}

/** an id given twice in one file is a mistake the author should settle, not a silent "last one wins" */
async function refuseDuplicates(client: PoolClient, kind: FileKind, table: string, file: string, map: readonly ColumnRename[] | undefined): Promise<void> {
  const dup = (await client.query(duplicateId(table))).rows[0] as { external_id: string; line: number; first: number } | undefined;
  if (!dup) return;
  const column = await locateField(kind, file, dup.line, 'id', map ?? []);
  throw new ImportFormatError(file, dup.line, column, 'id', `"${dup.external_id}" is already on line ${dup.first}; give each ${kind === 'items' ? 'item' : 'user'} one line`);
}
