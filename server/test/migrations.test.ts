import { DEFAULT_FEEDBACK_TYPES } from '../src/engine/dataset/feedback';
import { createTestDatabase, type TestDatabase } from './support/db';

const tables = async (db: TestDatabase) => (await db.pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.tablename);

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('migrate up creates the schema, down removes it, up again restores it', async () => {
    expect(await tables(db)).toEqual([]);
    await db.dataSource.runMigrations();
    expect(await tables(db)).toEqual(expect.arrayContaining(['interactions', 'items', 'model_versions', 'users']));
    // undo every migration, newest first
    while ((await db.pool.query(`SELECT count(*)::int AS n FROM migrations`)).rows[0].n > 0) {
      await db.dataSource.undoLastMigration();
    }
    expect(await tables(db)).toEqual(['migrations']);
    await db.dataSource.runMigrations();
    expect(await tables(db)).toEqual(expect.arrayContaining(['interactions', 'items', 'model_versions', 'users']));
  });

  it('enforces one rating per (user, item) while implicit events accumulate', async () => {
    await db.pool.query(`INSERT INTO users (external_id) VALUES ('u1')`);
    await db.pool.query(`INSERT INTO items (external_id, title) VALUES ('i1', 'Alien')`);
    const ins = (kind: string, value: number | null) =>
      db.pool.query(`INSERT INTO interactions (user_id, item_id, kind, value) SELECT u.id, i.id, $1, $2 FROM users u, items i`, [kind, value]);
    await ins('rating', 4);
    await expect(ins('rating', 5)).rejects.toThrow(/interactions_one_rating/);
    await ins('view', 1);
    await ins('view', 2);
    await expect(ins('view', null)).rejects.toThrow(/null value in column "value"/);
    await expect(ins('view', 0)).rejects.toThrow(/interactions_value_check/);
    const { rows } = await db.pool.query(`SELECT kind, count(*)::int AS n FROM interactions GROUP BY kind ORDER BY kind`);
    expect(rows).toEqual([
      { kind: 'rating', n: 1 },
      { kind: 'view', n: 2 },
    ]);
    await expect(ins('rating', 7)).rejects.toThrow(/interactions_value_check/);
  });

  it('declares the default feedback types, exactly the engine\'s defaults, and refuses "rating" as one', async () => {
    const { rows } = await db.pool.query(`SELECT name, weight::float8 AS weight, polarity FROM feedback_types ORDER BY name`);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(rows.sort(byName)).toEqual([...DEFAULT_FEEDBACK_TYPES].sort(byName));
    await expect(db.pool.query(`INSERT INTO feedback_types (name, weight, polarity) VALUES ('rating', 1, 'positive')`)).rejects.toThrow(/feedback_types_name_check/);
  });

  it('allows at most one active model version per strategy', async () => {
    const add = (active: boolean) => db.pool.query(`INSERT INTO model_versions (strategy, status, artifact, active) VALUES ('svd', 'ready', '\\x00', $1)`, [active]);
    await add(true);
    await add(false);
    await expect(add(true)).rejects.toThrow(/model_versions_one_active/);
  });
});
