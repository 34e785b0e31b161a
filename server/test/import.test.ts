import { mlLatestSmallDir } from '../src/paths';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importMovieLens } from '../src/data/importers/movielens/import-to-db';
import { MovieLensFormatError, readMovieLens, type MovieLensData } from '../src/data/importers/movielens/parse';
import { latestFiles, oneMFiles, writeFixture } from '../src/data/importers/movielens/fixtures';
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
    const err = await importFolder(bad).then(() => undefined, (e: unknown) => e);
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

const ML_LATEST_SMALL = mlLatestSmallDir();
const hasMlLatestSmall = existsSync(join(ML_LATEST_SMALL, 'ratings.csv'));
if (!hasMlLatestSmall) console.warn(`skipping ml-latest-small import test: ${ML_LATEST_SMALL} is absent`);
const describeWithDataset = hasMlLatestSmall ? describe : describe.skip;

describeWithDataset('importMovieLens: ml-latest-small', () => {
  it('loads every rating, user and movie, and a second import changes no counts', async () => {
    const data = await readMovieLens(ML_LATEST_SMALL);
    const first = await importMovieLens(db.pool, data);
    expect(first.totals).toEqual({ users: 610, items: 9_742, ratings: 100_836 });
    expect(await counts()).toEqual({ users: 610, items: 9_742, ratings: 100_836 });
    const second = await importMovieLens(db.pool, data);
    expect(second.totals).toEqual(first.totals);
    expect(second.interactions).toEqual({ created: 0, updated: 0 });
    expect(await counts()).toEqual({ users: 610, items: 9_742, ratings: 100_836 });
  });
});
