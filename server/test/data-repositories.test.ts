import { ApiKeyRepository } from '../src/data/repositories/api-key.repository';
import { ModelVersionRepository } from '../src/data/repositories/model-version.repository';
import { RateLimitRepository } from '../src/data/repositories/rate-limit.repository';
import { StatsRepository } from '../src/data/repositories/stats.repository';
import { TrainingJobRepository } from '../src/data/repositories/training-job.repository';
import { createTestDatabase, type TestDatabase } from './support/db';

/**
 * The repositories whose ordinary reads and writes go through TypeORM: the rows they return are the
 * ones the hand-written SQL returned before (types, nulls, defaults, order), on a real database.
 */
describe('TypeORM-backed repositories', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('training jobs: enqueue, claim, progress, cancel and finish keep their contract', async () => {
    const jobs = new TrainingJobRepository(db.dataSource);
    const queued = await jobs.enqueue('svd', { factors: 8 });
    expect(queued).toEqual({
      id: expect.stringMatching(/^\d+$/),
      strategy: 'svd',
      params: { factors: 8 },
      status: 'queued',
      stage: null,
      progress: 0,
      epoch: null,
      loss: null,
      error: null,
      reason: 'requested',
      modelVersionId: null,
      workerId: null,
      cancelRequested: false,
      createdAt: expect.any(Date),
      startedAt: null,
      finishedAt: null,
    });
    expect(await jobs.progress(queued.id, { stage: 'fit', progress: 0.5 })).toBe(true); // not running: stop
    const claimed = await jobs.claim('w1');
    expect(claimed).toMatchObject({ id: queued.id, status: 'running', workerId: 'w1', stage: 'starting' });
    expect(await jobs.progress(queued.id, { stage: 'fit', progress: 1.7, epoch: 3, loss: NaN })).toBe(false);
    expect((await jobs.byIds([queued.id]))[0]).toMatchObject({ stage: 'fit', progress: 1, epoch: 3, loss: null });
    expect((await jobs.requestCancel(queued.id))!.status).toBe('running');
    expect(await jobs.progress(queued.id, { stage: 'fit', progress: 0.6 })).toBe(true);

    const other = await jobs.enqueue('usercf', {}, 'scheduled');
    await jobs.claim('w2');
    await jobs.progress(other.id, { stage: 'fit', progress: 0.2 });
    await jobs.finish(other.id, 'succeeded', { stage: 'stored (inactive)' });
    await jobs.finish(queued.id, 'cancelled', { error: 'cancelled on request' });
    const [a, b] = await jobs.byIds([queued.id, other.id]).then((rows) => rows.sort((x, y) => Number(x.id) - Number(y.id)));
    expect(a).toMatchObject({ status: 'cancelled', error: 'cancelled on request', stage: 'cancelled', progress: 0.6, finishedAt: expect.any(Date) });
    expect(b).toMatchObject({ status: 'succeeded', error: null, stage: 'stored (inactive)', progress: 1, reason: 'scheduled' });
    expect((await jobs.recent(10)).map((j) => j.id)).toEqual([other.id, queued.id]);
    expect((await jobs.recent(10, 'svd')).map((j) => j.id)).toEqual([queued.id]);
    expect(await jobs.byIds([])).toEqual([]);
  });

  it('api keys: insert, look up by hash, list in id order, revoke once, refuse a second live name', async () => {
    const keys = new ApiKeyRepository(db.dataSource);
    const made = [];
    for (let n = 1; n <= 11; n++) made.push(await keys.insert(`k${n}`, `hash-${n}`, `tg_${n}`, ['read']));
    expect(made[0]).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'k1', prefix: 'tg_1', scopes: ['read'], createdAt: expect.any(Date), revokedAt: null });
    expect(await keys.byHash('hash-10')).toEqual(made[9]);
    expect(await keys.byHash('nope')).toBeNull();
    // numeric id order: key 10 after key 9
    expect((await keys.list()).map((k) => k.name)).toEqual(made.map((k) => k.name));
    await expect(keys.insert('k2', 'hash-x', 'tg_x', ['admin'])).rejects.toMatchObject({ code: '23505' });
    expect(await keys.revoke('k2')).toBe(1);
    expect(await keys.revoke('k2')).toBe(0);
    expect((await keys.byHash('hash-2'))!.revokedAt).toEqual(expect.any(Date));
    await keys.insert('k2', 'hash-y', 'tg_y', ['write', 'admin']); // the name is free again
    expect(await keys.count()).toBe(12);
  });

  it('model versions: activation under the lock, metadata reads, and the retrain trigger', async () => {
    await db.pool.query(`INSERT INTO users (external_id) VALUES ('u1'), ('u2')`);
    await db.pool.query(`INSERT INTO items (external_id, title, categories) VALUES ('i1', 'Alien', '{Horror}'), ('i2', 'Heat', '{}')`);
    await db.pool.query(`INSERT INTO interactions (user_id, item_id, kind, value) SELECT u.id, i.id, 'rating', 4 FROM users u, items i WHERE u.external_id = 'u1'`);
    const versions = new ModelVersionRepository(db.dataSource);
    const snapshot = new Date();
    const store = (strategy: string) =>
      versions.withActivationLock(strategy, async (tx) => {
        const v = await versions.insert(
          {
            strategy,
            params: { k: 1 },
            metrics: { ndcgAtK: 0.3 },
            artifact: new Uint8Array([1, 2, 3]),
            trainedSeconds: 1.5,
            dataSnapshotAt: snapshot,
            trainingJobId: null,
            statusReason: 'first',
          },
          tx,
        );
        expect(await versions.activeForUpdate(strategy, tx)).toBeNull();
        return versions.activate(v.id, tx, strategy === 'svd' ? 'activated by an administrator' : undefined);
      });
    const svd = (await store('svd'))!;
    const pop = (await store('popularity'))!;
    expect(svd).toEqual({
      id: expect.stringMatching(/^\d+$/),
      strategy: 'svd',
      params: { k: 1 },
      metrics: { ndcgAtK: 0.3 },
      status: 'ready',
      statusReason: 'activated by an administrator',
      createdAt: expect.any(Date),
      trainedSeconds: 1.5,
      active: true,
      dataSnapshotAt: snapshot,
      activatedAt: expect.any(Date),
      trainingJobId: null,
    });
    expect(pop.statusReason).toBe('first');
    expect(await versions.byIds([svd.id])).toEqual([svd]);
    expect((await versions.list()).map((v) => v.id)).toEqual([pop.id, svd.id]);
    expect((await versions.list('svd', 1)).map((v) => v.id)).toEqual([svd.id]);
    expect(await versions.activeStrategies()).toEqual(['popularity', 'svd']);
    expect([...(await versions.artifact(svd.id))!]).toEqual([1, 2, 3]);
    // the ratings were written before the snapshot; one more after it
    expect(await versions.interactionsSinceOldestActiveSnapshot()).toBe(0);
    await db.pool.query(
      `INSERT INTO interactions (user_id, item_id, kind, value) SELECT u.id, i.id, 'view', 2 FROM users u, items i WHERE u.external_id = 'u2' AND i.external_id = 'i1'`,
    );
    expect(await versions.interactionsSinceOldestActiveSnapshot()).toBe(1);
    expect(await versions.usersChangedSince(snapshot)).toEqual(['u2']);

    const stats = new StatsRepository(db.dataSource);
    expect(await stats.datasetStats()).toEqual({ users: 2, items: 2, interactions: 3, ratings: 2 });
    expect(await stats.ratingHistogram()).toEqual([{ rating: 4, count: 2 }]);
    expect(await stats.itemPopularityCurve()).toEqual([2, 1]);
  });

  it('rate-limit counts: prune forgets the windows before a moment and counts what it dropped', async () => {
    const counts = new RateLimitRepository(db.dataSource);
    const old = new Date('2026-01-01T00:00:00Z');
    const recent = new Date('2026-01-01T00:05:00Z');
    await counts.sync(
      [
        { subject: 'ip:1', windowStart: old, hits: 2 },
        { subject: 'ip:1', windowStart: recent, hits: 3 },
      ],
      [],
    );
    expect(await counts.prune(new Date('2026-01-01T00:01:00Z'))).toBe(1);
    expect(await counts.prune(new Date('2026-01-01T00:01:00Z'))).toBe(0);
    expect(
      await counts.sync(
        [],
        [
          { subject: 'ip:1', windowStart: old },
          { subject: 'ip:1', windowStart: recent },
        ],
      ),
    ).toEqual([{ subject: 'ip:1', windowStart: recent, hits: 3 }]);
  });
});
