/**
 * Loads parsed MovieLens data into users, items and interactions in ONE transaction:
 * COPY into temp staging tables (staging.ts), then INSERT … SELECT … ON CONFLICT into the real tables.
 * Re-importing the same data changes no counts (users/items upsert by external_id, ratings by
 * (user, item) through the interactions_one_rating partial unique index); any error rolls back all.
 * SQL, not TypeORM: bulk COPY and set-based merges (TypeORM's inserts are ~2.5x slower on 100k rows).
 */
import type { Pool, PoolClient } from 'pg';
import { analyzeAfterImport, inImportTransaction } from '../import-transaction';
import { PhaseTimer, type PhaseTimings } from '../phase-timer';
import { checkIdTable, idTableSql, withoutPerRowForeignKeyChecks } from '../foreign-keys';
import { hasRepeatedPairs, usersInOrder } from './rating-keys';
import { copyMovies, copyRatings, copyUsers, createStagingTables } from './staging';
import type { MovieLensData } from './types';

export type ImportStage = 'copying' | 'writing';

export interface ImportOptions {
  /** ratings copied so far of the total while copying; then once ('writing', 0, 1) for the upserts */
  onProgress?(done: number, total: number, stage: ImportStage): void;
}

export interface ImportResult {
  /** ratings in the data (the staging table may merge duplicate (user, movie) pairs into one) */
  ratings: number;
  users: { created: number };
  items: { created: number; updated: number };
  interactions: { created: number; updated: number };
  /** what the database holds after the commit */
  totals: { users: number; items: number; ratings: number };
  /** seconds per phase of the import */
  timings: PhaseTimings;
}

// Items: title, publication year (1 January, UTC) and genres (as categories) replaced, but an unchanged row is not rewritten (the WHERE), so a
// second import neither bloats the table nor reports updates.
const UPSERT_ITEMS = `
  WITH upserted AS (
    INSERT INTO items (external_id, title, published_at, categories)
    SELECT external_id, title, make_timestamptz(year, 1, 1, 0, 0, 0, 'UTC'),
           CASE WHEN genres = '' THEN '{}'::text[] ELSE string_to_array(genres, '|') END
    FROM movielens_stage_items
    ON CONFLICT (external_id) DO UPDATE
      SET title = EXCLUDED.title, published_at = EXCLUDED.published_at, categories = EXCLUDED.categories, updated_at = now()
      WHERE (items.title, items.published_at, items.categories) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.published_at, EXCLUDED.categories)
    RETURNING (xmax = 0) AS created
  )
  SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM upserted`;

// new users in the order they first appear in the file, so their ids follow it; their ids are kept
const INSERT_USERS = `
  WITH inserted AS (
    INSERT INTO users (external_id)
    SELECT s.external_id::text FROM movielens_stage_users s
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.external_id = s.external_id::text)
    ORDER BY s.ord
    ON CONFLICT (external_id) DO NOTHING
    RETURNING id
  )
  INSERT INTO movielens_new_users SELECT id FROM inserted`;

// MovieLens ids → users/items ids, each row locked against deletion until the commit (foreign-keys.ts)
// (keyed by the numeric MovieLens id, as the staged ratings are)
const USER_IDS = idTableSql(
  'movielens_user_ids',
  'users',
  'movielens_stage_users',
  's.external_id',
  's.external_id::text',
  'EXISTS (SELECT 1 FROM movielens_new_users n WHERE n.id = t.id) AS created',
);
const ITEM_IDS = idTableSql('movielens_item_ids', 'items', 'movielens_stage_items', 's.external_id::bigint', 's.external_id');

/**
 * One rating per (user, item): if the file repeats a pair, the latest timestamp wins (DISTINCT ON);
 * when no pair repeats (checked in memory, rating-keys.ts) the rows go in file order without that sort.
 */
const stagedRatings = (repeats: boolean, newUsers: boolean) => `
    SELECT ${repeats ? 'DISTINCT ON (u.id, i.id) ' : ''}u.id, i.id, 'rating', s.value, to_timestamp(s.ts)
    FROM movielens_stage_ratings s
    JOIN movielens_user_ids u ON u.external_id = s.user_external_id
    JOIN movielens_item_ids i ON i.external_id = s.item_external_id
    WHERE ${newUsers ? '' : 'NOT '}u.created
    ${repeats ? 'ORDER BY u.id, i.id, s.ts DESC' : ''}`;

/**
 * Ratings of users this import created: nobody else can have rated them (the users are not visible
 * outside this transaction, and the file's pairs are unique), so a plain INSERT — no ON CONFLICT
 * probe before each row, no RETURNING — which is most of a first import.
 */
const insertNewUsersRatings = (repeats: boolean) => `
  INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)${stagedRatings(repeats, true)}`;

/**
 * Ratings of users already known: ON CONFLICT, since another session may rate the same pair
 * meanwhile (it then waits for this import, whose rating wins). An unchanged rating is not rewritten
 * (the WHERE), so a second import writes nothing.
 */
const upsertKnownUsersRatings = (repeats: boolean) => `
  WITH upserted AS (
    INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)${stagedRatings(repeats, false)}
    ON CONFLICT (user_id, item_id) WHERE kind = 'rating' DO UPDATE
      SET value = EXCLUDED.value, occurred_at = EXCLUDED.occurred_at
      WHERE (interactions.value, interactions.occurred_at) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.occurred_at)
    RETURNING (xmax = 0) AS created
  )
  SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM upserted`;

const TOTALS = `
  SELECT (SELECT count(*) FROM users)::int AS users,
         (SELECT count(*) FROM items)::int AS items,
         (SELECT count(*) FROM interactions WHERE kind = 'rating')::int AS ratings`;

/**
 * Given a Pool, takes one connection for the whole import. Given a PoolClient, uses it as is: it must
 * not be inside a transaction already (this function issues its own BEGIN/COMMIT).
 */
export async function importMovieLens(db: Pool | PoolClient, data: MovieLensData, opts: ImportOptions = {}): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const result = await inImportTransaction(db, (client) => importInTransaction(client, data, opts));
  const inTransaction = Object.values(result.timings).reduce((a, b) => a + b, 0);
  result.timings.commit = Number(process.hrtime.bigint() - started) / 1e9 - inTransaction;
  const { interactions, users, items } = result;
  if (interactions.created + interactions.updated + users.created + items.created + items.updated > 0) {
    const t = new PhaseTimer();
    await t.time('analyze', () => analyzeAfterImport(db, ['users', 'items', 'interactions']));
    Object.assign(result.timings, t.timings);
  }
  return result;
}

async function importInTransaction(client: PoolClient, data: MovieLensData, opts: ImportOptions): Promise<ImportResult> {
  const total = data.ratings.count;
  const t = new PhaseTimer();
  // the hash joins (and a DISTINCT ON sort) over millions of staged ratings spill to disk at the
  // default 4 MB; LOCAL keeps the setting to this transaction
  await client.query(`SET LOCAL work_mem = '256MB'`);
  const users = await t.time('scan ratings', async () => usersInOrder(data.ratings));
  const repeats = await t.time('scan ratings', async () => hasRepeatedPairs(data.ratings));
  await createStagingTables(client);
  await t.time('copy movies', () => copyMovies(client, data));
  await t.time('copy users', () => copyUsers(client, users));
  opts.onProgress?.(0, total, 'copying');
  await t.time('copy ratings', () => copyRatings(client, data, (done) => opts.onProgress?.(done, total, 'copying')));
  opts.onProgress?.(0, 1, 'writing');
  const items = (await t.time('merge items', () => client.query(UPSERT_ITEMS))).rows[0];
  const usersCreated = (await t.time('merge users', () => client.query(INSERT_USERS))).rowCount ?? 0;
  await t.time('lock ids', async () => {
    await client.query(USER_IDS);
    await client.query(ITEM_IDS);
    await checkIdTable(client, 'movielens_user_ids', 'movielens_stage_users', 'external_id', 'users');
    await checkIdTable(client, 'movielens_item_ids', 'movielens_stage_items', 'external_id', 'movies');
    await client.query('ANALYZE movielens_user_ids');
    await client.query('ANALYZE movielens_item_ids');
  });
  const { result: interactions } = await t.time('merge ratings', () =>
    withoutPerRowForeignKeyChecks(client, async () => {
      const inserted = (await client.query(insertNewUsersRatings(repeats))).rowCount ?? 0;
      const known = (await client.query(upsertKnownUsersRatings(repeats))).rows[0] as { created: number; updated: number };
      return { created: inserted + known.created, updated: known.updated };
    }),
  );
  const totals = (await t.time('count', () => client.query(TOTALS))).rows[0];
  opts.onProgress?.(1, 1, 'writing');
  return { ratings: total, users: { created: usersCreated }, items, interactions, totals, timings: t.timings };
}
