import { mlLatestSmallDir } from '../src/paths';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importMovieLens } from '../src/data/importers/movielens/import-to-db';
import { MovieLensFormatError, readMovieLens, type MovieLensData } from '../src/data/importers/movielens/parse';
import { latestFiles, oneMFiles, writeFixture } from '../src/data/importers/movielens/fixtures';
import { Pool } from 'pg';
import { idTableSql } from '../src/data/importers/foreign-keys';
import { createTestDatabase, type TestDatabase } from './support/db';

let db: TestDatabase;
const dirs: string[] = [];
const fixture = (files: Parameters<typeof writeFixture>[0]) => {
  const dir = writeFixture(files);
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE interactions, items, users RESTART IDENTITY CASCADE');
});

async function counts(): Promise<{ users: number; items: number; ratings: number }> {
  const { rows } = await db.pool.query(`SELECT
    (SELECT count(*) FROM users)::int AS users,
    (SELECT count(*) FROM items)::int AS items,
    (SELECT count(*) FROM interactions WHERE kind = 'rating')::int AS ratings`);
  return rows[0];
}

/** What the CLI does: parse (which validates everything) and only then import. */
async function importFolder(dir: string) {
  return importMovieLens(db.pool, await readMovieLens(dir));
}

describe('importMovieLens', () => {
  it('loads a tiny ml-latest folder: users, items with title/year/genres, ratings with value and time', async () => {
    const result = await importFolder(fixture(latestFiles()));
    expect(result).toMatchObject({
      ratings: 6,
      users: { created: 3 },
      items: { created: 4, updated: 0 },
      interactions: { created: 6, updated: 0 },
      totals: { users: 3, items: 4, ratings: 6 },
    });
    expect(await counts()).toEqual({ users: 3, items: 4, ratings: 6 });
    const year = `extract(year FROM published_at AT TIME ZONE 'UTC')::int AS year`;
    const item = await db.pool.query(`SELECT title, ${year}, categories FROM items WHERE external_id = '20'`);
    expect(item.rows[0]).toEqual({ title: 'Say "Cheese", Please', year: 2001, categories: ['Comedy'] });
    const noGenres = await db.pool.query(`SELECT ${year}, categories FROM items WHERE external_id = '40697'`);
    expect(noGenres.rows[0]).toEqual({ year: null, categories: [] });
    const rating = await db.pool.query(`
      SELECT i.kind, i.value, extract(epoch FROM i.occurred_at)::bigint AS ts
      FROM interactions i JOIN users u ON u.id = i.user_id JOIN items m ON m.id = i.item_id
      WHERE u.external_id = '1' AND m.external_id = '11'`);
    expect(rating.rows).toEqual([{ kind: 'rating', value: 3.5, ts: '964981247' }]);
  });

  it('is idempotent: importing the same folder twice changes no counts and updates nothing', async () => {
    const dir = fixture(oneMFiles());
    await importFolder(dir);
    const before = await counts();
    const second = await importFolder(dir);
    expect(await counts()).toEqual(before);
    expect(before).toEqual({ users: 3, items: 4, ratings: 6 });
    expect(second).toMatchObject({ users: { created: 0 }, items: { created: 0, updated: 0 }, interactions: { created: 0, updated: 0 } });
  });

  it('replaces a changed rating and a changed title instead of adding rows', async () => {
    await importFolder(fixture(latestFiles()));
    const files = latestFiles();
    const changed = fixture({
      'movies.csv': files['movies.csv'].replace('Toy Story (1995)', 'Toy Story (1996)'),
      'ratings.csv': files['ratings.csv'].replace('1,1,4.0,964982703', '1,1,2.5,964999999'),
    });
    const result = await importFolder(changed);
    expect(result).toMatchObject({ items: { created: 0, updated: 1 }, interactions: { created: 0, updated: 1 } });
    expect(await counts()).toEqual({ users: 3, items: 4, ratings: 6 });
    const { rows } = await db.pool.query(`SELECT extract(year FROM published_at AT TIME ZONE 'UTC')::int AS year FROM items WHERE external_id = '1'`);
    expect(rows[0].year).toBe(1996);
  });

  it('a malformed file loads nothing, also into a database that already has data', async () => {
    await importFolder(fixture(oneMFiles()));
    const before = await counts();
    const files = latestFiles();
    const bad = fixture({ ...files, 'ratings.csv': files['ratings.csv'] + '9,1,abc,964982703\n' });
    const err = await importFolder(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MovieLensFormatError);
    expect((err as Error).message).toBe('ratings.csv line 8: rating "abc" is not a number');
    expect(await counts()).toEqual(before);
  });

  it('rolls back everything when the database rejects a row part-way', async () => {
    await importFolder(fixture(oneMFiles()));
    const before = await counts();
    const data = await readMovieLens(fixture(latestFiles()));
    // a rating of 7 passes COPY into the untyped staging table but fails the interactions CHECK,
    // i.e. after the items (2 new) and users were already upserted in the same transaction
    const values = data.ratings.values.slice();
    values[5] = 7;
    const badRating: MovieLensData = { ...data, ratings: { ...data.ratings, values } };
    await expect(importMovieLens(db.pool, badRating)).rejects.toThrow(/interactions_value_check/);
    expect(await counts()).toEqual(before);
    // the pool is still usable afterwards; 3 of the 6 (user, movie) pairs overlap the 1m fixture's
    await importMovieLens(db.pool, data);
    expect(await counts()).toEqual({ users: 3, items: 6, ratings: before.ratings + 3 });
  });

  it('accepts a PoolClient and leaves it usable', async () => {
    const client = await db.pool.connect();
    try {
      await importMovieLens(client, await readMovieLens(fixture(latestFiles())));
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM interactions`);
      expect(rows[0].n).toBe(6);
    } finally {
      client.release();
    }
  });
});

/** every users/items/interactions row's physical version: unchanged when an import rewrote nothing */
async function rowVersions(): Promise<string[]> {
  const { rows } = await db.pool.query(`SELECT 'u' || id || ':' || xmin AS v FROM users UNION ALL SELECT 'i' || id || ':' || xmin FROM items
    UNION ALL SELECT 'e' || id || ':' || xmin FROM interactions ORDER BY 1`);
  return rows.map((r) => r.v);
}

/** what FOREIGN KEY … VALIDATE would check: no interaction without its user and item */
async function orphans(): Promise<number> {
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM interactions e
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.user_id) OR NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.item_id)`);
  return rows[0].n;
}

describe("importMovieLens: the bulk path's guarantees", () => {
  it('a second import rewrites no row (every xmin unchanged), and no interaction lacks its user or item', async () => {
    const dir = fixture(latestFiles());
    await importFolder(dir);
    const versions = await rowVersions();
    expect(await importFolder(dir)).toMatchObject({ users: { created: 0 }, items: { created: 0, updated: 0 }, interactions: { created: 0, updated: 0 } });
    expect(await rowVersions()).toEqual(versions);
    expect(await orphans()).toBe(0);
  });

  it('a (user, movie) pair rated twice in the file keeps its latest rating, wherever the lines are', async () => {
    const files = latestFiles();
    const ratings = files['ratings.csv'].replace('1,1,4.0,964982703', '1,1,1.0,964982800') + '1,1,4.0,964982703\r\n';
    const result = await importFolder(fixture({ ...files, 'ratings.csv': ratings }));
    expect(result).toMatchObject({ ratings: 7, interactions: { created: 6, updated: 0 }, totals: { ratings: 6 } });
    const { rows } = await db.pool.query(`SELECT e.value, extract(epoch FROM e.occurred_at)::bigint AS ts FROM interactions e
      JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id WHERE u.external_id = '1' AND i.external_id = '1'`);
    expect(rows).toEqual([{ value: 1, ts: '964982800' }]);
  });

  it('ratings of new users and of known users in one file: the new inserted, the known merged; a bad one of a new user loads nothing', async () => {
    const files = latestFiles();
    await importFolder(fixture(files));
    const ratings = files['ratings.csv'].replace('1,1,4.0,964982703', '1,1,2.0,964982703') + '9,1,3.0,1600000000\r\n9,11,4.0,1600000001\r\n';
    const data = await readMovieLens(fixture({ ...files, 'ratings.csv': ratings }));
    const before = await rowVersions();
    const values = data.ratings.values.slice();
    values[7] = 7; // user 9's second rating: fails interactions_value_check in the plain INSERT of new users' ratings
    await expect(importMovieLens(db.pool, { ...data, ratings: { ...data.ratings, values } })).rejects.toThrow(/interactions_value_check/);
    expect(await rowVersions()).toEqual(before);
    expect(await importMovieLens(db.pool, data)).toMatchObject({ users: { created: 1 }, interactions: { created: 2, updated: 1 }, totals: { users: 4, ratings: 8 } });
    expect(await orphans()).toBe(0);
  });

  it('leaves nothing behind on its connection, after a success and after a failure: no staging table, triggers back on', async () => {
    const client = await db.pool.connect();
    const leftovers = async () =>
      (
        await client.query(`SELECT
        (SELECT count(*)::int FROM pg_class WHERE relname LIKE 'movielens\\_%') AS tables,
        current_setting('session_replication_role') AS role`)
      ).rows[0];
    try {
      const data = await readMovieLens(fixture(latestFiles()));
      await importMovieLens(client, data);
      expect(await leftovers()).toEqual({ tables: 0, role: 'origin' });
      const values = data.ratings.values.slice();
      values[5] = 7; // passes the staging table, fails interactions_value_check in the merge
      await expect(importMovieLens(client, { ...data, ratings: { ...data.ratings, values } })).rejects.toThrow(/interactions_value_check/);
      expect(await leftovers()).toEqual({ tables: 0, role: 'origin' });
    } finally {
      client.release();
    }
  });

  it('without the right to switch the per-row foreign-key checks off, imports the same rows with them on', async () => {
    const role = `importer_${Date.now()}`;
    await db.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'x' NOSUPERUSER`);
    await db.pool.query(`GRANT SELECT, INSERT, UPDATE ON users, items, interactions TO ${role}`);
    await db.pool.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'x';
    const pool = new Pool({ connectionString: url.toString(), max: 1 });
    try {
      const data = await readMovieLens(fixture(latestFiles()));
      const result = await importMovieLens(pool, data);
      expect(result).toMatchObject({ users: { created: 3 }, items: { created: 4 }, interactions: { created: 6, updated: 0 } });
      const asRole = (await pool.query(`SELECT current_setting('session_replication_role') AS r, usesuper FROM pg_user WHERE usename = current_user`)).rows[0];
      expect(asRole).toEqual({ r: 'origin', usesuper: false });
      expect(await orphans()).toBe(0);
      expect((await importMovieLens(pool, data)).interactions).toEqual({ created: 0, updated: 0 });
    } finally {
      await pool.end();
      await db.pool.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it("interactions, users and items have no trigger of their own: the import's replica mode skips only the foreign-key checks", async () => {
    // session_replication_role = replica silences every ordinary trigger of the session's inserts, not
    // only the foreign-key ones; a trigger added to these tables must be weighed against that (foreign-keys.ts)
    const { rows } = await db.pool.query(`SELECT tgrelid::regclass::text AS t, tgname FROM pg_trigger
      WHERE tgrelid IN ('interactions'::regclass, 'users'::regclass, 'items'::regclass) AND NOT tgisinternal`);
    expect(rows).toEqual([]);
  });

  it('the id tables lock each user and item they name until the commit, as the per-row checks would: a delete waits', async () => {
    await importFolder(fixture(latestFiles()));
    const importer = await db.pool.connect();
    const other = await db.pool.connect();
    try {
      await importer.query('BEGIN');
      await importer.query(`CREATE TEMP TABLE movielens_stage_users ON COMMIT DROP AS SELECT 1::bigint AS external_id`);
      await importer.query(idTableSql('movielens_user_ids', 'users', 'movielens_stage_users', 's.external_id', 's.external_id::text'));
      await other.query(`SET lock_timeout = '200ms'`);
      await expect(other.query(`DELETE FROM users WHERE external_id = '1'`)).rejects.toThrow(/lock timeout/);
      await importer.query('ROLLBACK');
      await other.query(`DELETE FROM users WHERE external_id = '1'`); // free again: the ratings go with it (cascade)
      expect(await orphans()).toBe(0);
    } finally {
      importer.release();
      other.release(true);
    }
  });
});

const ML_LATEST_SMALL = mlLatestSmallDir();
const hasMlLatestSmall = existsSync(join(ML_LATEST_SMALL, 'ratings.csv'));
if (!hasMlLatestSmall) console.warn(`skipping ml-latest-small import test: ${ML_LATEST_SMALL} is absent`);
const describeWithDataset = hasMlLatestSmall ? describe : describe.skip;

describeWithDataset('importMovieLens: ml-latest-small', () => {
  it('loads every rating, user and movie, and a second import changes no counts and rewrites no row', async () => {
    const data = await readMovieLens(ML_LATEST_SMALL);
    const first = await importMovieLens(db.pool, data);
    expect(first.totals).toEqual({ users: 610, items: 9_742, ratings: 100_836 });
    expect(await counts()).toEqual({ users: 610, items: 9_742, ratings: 100_836 });
    const versions = await rowVersions();
    const second = await importMovieLens(db.pool, data);
    expect(await rowVersions()).toEqual(versions);
    expect(second.totals).toEqual(first.totals);
    expect(second.interactions).toEqual({ created: 0, updated: 0 });
    expect(await counts()).toEqual({ users: 610, items: 9_742, ratings: 100_836 });
    expect(await orphans()).toBe(0);
  });
});
