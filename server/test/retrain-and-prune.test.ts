import { ModelVersionRepository } from '../src/data/repositories/model-version.repository';
import { modelEntries } from '../src/engine/strategies/registry';
import { createQuietLogger } from '../src/logger';
import { RetrainScheduler } from '../src/training/retrain-scheduler';
import { createTestDatabase, type TestDatabase } from './support/db';

/** Automatic retraining decisions and artifact pruning, on a real database without a server. */
describe('retrain scheduler and pruning', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const addVersion = (strategy: string, active: boolean, snapshot = 'now()') =>
    db.pool.query(
      `INSERT INTO model_versions (strategy, status, artifact, active, data_snapshot_at)
       VALUES ($1, 'ready', '\\x01', $2, ${snapshot}) RETURNING id::text`,
      [strategy, active],
    );
  /** one job per registered strategy, as the query orders them */
  const every = (reason: string) =>
    modelEntries()
      .map(({ name }) => ({ strategy: name, reason }))
      .sort((a, b) => (a.strategy < b.strategy ? -1 : 1));
  const queued = async () => (await db.pool.query(`SELECT strategy, reason FROM training_jobs WHERE status = 'queued' ORDER BY strategy`)).rows;

  it('queues a first training for every strategy without an active version, once', async () => {
    const scheduler = new RetrainScheduler(db.dataSource, { intervalSeconds: 0, afterInteractions: 0 }, createQuietLogger());
    expect(await scheduler.ensureInitialModels()).toBe(modelEntries().length);
    expect(await scheduler.ensureInitialModels()).toBe(0); // already queued
    expect(await queued()).toEqual(every('initial'));
    await db.pool.query(`DELETE FROM training_jobs`);
  });

  it('queues one retrain per strategy once enough interactions arrived after the active versions', async () => {
    for (const { name } of modelEntries()) await addVersion(name, true);
    await db.pool.query(`INSERT INTO users (external_id) VALUES ('u1')`);
    await db.pool.query(`INSERT INTO items (external_id, title) SELECT 'i' || g, 'Item ' || g FROM generate_series(1, 3) g`);
    const scheduler = new RetrainScheduler(db.dataSource, { intervalSeconds: 0, afterInteractions: 3 }, createQuietLogger());
    const rate = (n: number) =>
      db.pool.query(`INSERT INTO interactions (user_id, item_id, kind, value) SELECT u.id, i.id, 'rating', 4 FROM users u, items i WHERE i.external_id = $1`, [`i${n}`]);
    await rate(1);
    await rate(2);
    await scheduler.checkNewData();
    expect(await queued()).toEqual([]); // 2 < 3
    await rate(3);
    await scheduler.checkNewData();
    await scheduler.checkNewData(); // a second replica deciding the same: still one job each
    expect(await queued()).toEqual(every('new-data'));
  });

  it('prunes the artifacts of old inactive versions beyond the kept count, never the active one', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 7; n++) ids.push((await addVersion('svd', false)).rows[0].id);
    const repo = new ModelVersionRepository(db.dataSource);
    expect(await repo.prune('svd', 5)).toBe(2);
    const { rows } = await db.pool.query(`SELECT id::text, status, artifact IS NULL AS dropped, active FROM model_versions WHERE strategy = 'svd' ORDER BY id`);
    const pruned = rows.filter((r) => r.status === 'pruned');
    expect(pruned.map((r) => r.id)).toEqual(ids.slice(0, 2)); // the oldest two inactive ones
    expect(pruned.every((r) => r.dropped)).toBe(true);
    expect(rows.find((r) => r.active)).toMatchObject({ status: 'ready', dropped: false });
  });
});
