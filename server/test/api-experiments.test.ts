import type { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { assignArm } from '../src/engine/experiments/assignment';
import { createQuietLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/** Experiments over real HTTP: who may run them, what is refused and why, and what AUTO serves while one runs. */
let ts: TestServer;
let pool: Pool;
let admin: Record<string, string>;
let write: Record<string, string>;

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true, impressionSampleRate: 1 });
  pool = openPool(ts.db.url);
  admin = (await createKey(pool, 'admin')).headers;
  write = (await createKey(pool, 'write')).headers;
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const CREATE = `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id name status metric arms { name strategy modelVersionId traffic impressions rate } leader probabilityLeaderIsBest } }`;
const START = `mutation($id: ID!) { startExperiment(id: $id) { id status startedAt } }`;
const STOP = `mutation($id: ID!) { stopExperiment(id: $id) { id status stoppedAt } }`;
const RECS = `query($u: ID!) { recommendations(userId: $u, strategy: AUTO, limit: 5) { impressionId strategy reasons item { id } } }`;

const arm = (name: string, strategy: string, traffic: number, modelVersionId?: string) => ({ name, strategy, traffic, ...(modelVersionId ? { modelVersionId } : {}) });
const twoArms = [arm('a', 'POPULARITY', 0.5), arm('b', 'SVD', 0.5)];
const create = (input: Record<string, unknown>, headers = admin) => ts.gql(CREATE, { input: { metric: 'CTR', arms: twoArms, ...input } }, headers);
const error = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => res.errors?.[0];

describe('createExperiment', () => {
  it('needs the admin scope', async () => {
    expect(error(await create({ name: 'nokey' }, {}))!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(error(await create({ name: 'write' }, write))!.extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a bad definition with BAD_USER_INPUT naming the field and what to do', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ arms: [arm('only', 'SVD', 1)] }, 'input.arms', /at least 2 arms/],
      [{ arms: [arm('a', 'POPULARITY', 0.5), arm('b', 'SVD', 0.4)] }, 'input.arms', /sum to 1, got 0\.9/],
      [{ arms: [arm('a', 'POPULARITY', 0), arm('b', 'SVD', 1)] }, 'input.arms[0].traffic', /above 0/],
      [{ arms: [arm('a', 'POPULARITY', 0.5), arm('a', 'SVD', 0.5)] }, 'input.arms[1].name', /unique.*"a" is used twice/],
      [{ arms: [arm('a', 'AUTO', 0.5), arm('b', 'SVD', 0.5)] }, 'input.arms[0].strategy', /cannot be AUTO/],
      [{ arms: [arm('a', 'POPULARITY', 0.5), arm('b', 'SVD', 0.5, '999999')] }, 'input.arms[1].modelVersionId', /No model version has id "999999"/],
      [{ name: ' padded ' }, 'input.name', /without surrounding spaces/],
    ];
    for (const [input, field, message] of cases) {
      const e = error(await create({ name: 'bad', ...input }));
      expect(e?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(e!.message).toMatch(message);
    }
    const { rows } = await pool.query(`SELECT id::text FROM model_versions WHERE strategy = 'popularity' LIMIT 1`);
    const wrong = error(await create({ name: 'bad', arms: [arm('a', 'POPULARITY', 0.5), arm('b', 'SVD', 0.5, rows[0].id)] }));
    expect(wrong?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.arms[1].modelVersionId' });
    expect(wrong!.message).toMatch(/is a POPULARITY model, not SVD/);
    expect((await pool.query(`SELECT count(*)::int AS n FROM experiments`)).rows[0].n).toBe(0);
  });

  it('creates a draft; 1/3 + 1/3 + 1/3 sums to 1 within the tolerance; a taken name is refused', async () => {
    const third = 1 / 3;
    const res = await create({ name: 'thirds', arms: [arm('x', 'POPULARITY', third), arm('y', 'SVD', third), arm('z', 'ALS', third)] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createExperiment).toMatchObject({ name: 'thirds', status: 'DRAFT', metric: 'CTR', leader: null, probabilityLeaderIsBest: null });
    expect(res.data!.createExperiment.arms.map((a: { strategy: string }) => a.strategy)).toEqual(['POPULARITY', 'SVD', 'ALS']);
    const again = error(await create({ name: 'thirds' }));
    expect(again?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(again!.message).toMatch(/exists already/);
  });
});

describe('start, stop, and AUTO while one runs', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = (await create({ name: 'first' })).data!.createExperiment.id;
    second = (await create({ name: 'second', arms: [arm('pop', 'POPULARITY', 0.3), arm('svd', 'SVD', 0.7)] })).data!.createExperiment.id;
  });

  it('an unknown id is NOT_FOUND; the mutations need admin', async () => {
    expect(error(await ts.gql(START, { id: '424242' }, admin))!.extensions!.code).toBe('NOT_FOUND');
    expect(error(await ts.gql(STOP, { id: 'x' }, admin))!.extensions!.code).toBe('NOT_FOUND');
    expect(error(await ts.gql(START, { id: first }, write))!.extensions!.code).toBe('FORBIDDEN');
  });

  it('one runs at a time: starting another is CONFLICT naming the running one; a stopped one cannot run again', async () => {
    const started = await ts.gql(START, { id: first }, admin);
    expect(started.data!.startExperiment.status).toBe('RUNNING');
    const clash = error(await ts.gql(START, { id: second }, admin));
    expect(clash?.extensions?.code).toBe('CONFLICT');
    expect(clash!.message).toMatch(/"first" is running; stop it/);
    expect((await ts.gql(STOP, { id: first }, admin)).data!.stopExperiment.status).toBe('STOPPED');
    const restart = error(await ts.gql(START, { id: first }, admin));
    expect(restart?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(restart!.message).toMatch(/stopped and cannot run again.*create a new experiment/);
  });

  it('assigns each user to an arm by the hash (the same every time), names the experiment in the reason, and records the arm with the impression', async () => {
    const users = Array.from({ length: 40 }, (_, i) => String(i + 1));
    // lists cached before the experiment must not be answered while it runs
    for (const u of users.slice(0, 5)) expect((await ts.gql(RECS, { u })).data!.recommendations[0].reasons[0]).not.toMatch(/^Experiment/);
    expect((await ts.gql(START, { id: second }, admin)).data!.startExperiment.status).toBe('RUNNING');
    const seen = new Map<string, string>();
    for (const u of users) {
      const expected = ['pop', 'svd'][assignArm(second, u, [0.3, 0.7])];
      for (let i = 0; i < 2; i++) {
        const list = (await ts.gql(RECS, { u })).data!.recommendations;
        expect(list[0].reasons[0]).toBe(`Experiment second, arm ${expected}: ${expected === 'pop' ? 'POPULARITY' : 'SVD'}`);
        expect(list[0].strategy).toBe(expected === 'pop' ? 'POPULARITY' : 'SVD');
        seen.set(list[0].impressionId, expected);
      }
    }
    expect(new Set(seen.values())).toEqual(new Set(['pop', 'svd']));
    // other strategies asked for by name are not part of the experiment
    expect((await ts.gql(`{ recommendations(userId: "1", strategy: ALS, limit: 3) { strategy reasons } }`)).data!.recommendations[0].strategy).toBe('ALS');
    // impressions are written in batches off the request path: wait for them
    const ids = [...seen.keys()];
    let rows: { id: string; experiment_id: string; arm: string }[] = [];
    const end = Date.now() + 20_000;
    while (rows.length < ids.length && Date.now() < end) {
      rows = (await pool.query(`SELECT id::text, experiment_id::text, arm FROM impressions WHERE id = ANY($1::uuid[])`, [ids])).rows;
      if (rows.length < ids.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) expect(r).toEqual({ id: r.id, experiment_id: second, arm: seen.get(r.id) });
    const report = (await ts.gql(`query($id: ID!) { experiment(id: $id) { status arms { name impressions clicks } } }`, { id: second })).data!.experiment;
    expect(report.arms.reduce((s: number, a: { impressions: number }) => s + a.impressions, 0)).toBe(ids.length);
  });

  it('after a stop AUTO is itself again at once, and experiments lists newest first', async () => {
    await ts.gql(STOP, { id: second }, admin);
    expect((await ts.gql(RECS, { u: '3' })).data!.recommendations[0].reasons[0]).not.toMatch(/^Experiment/);
    const names = (await ts.gql(`{ experiments { name status } }`)).data!.experiments.map((e: { name: string }) => e.name);
    expect(names.slice(0, 3)).toEqual(['second', 'first', 'thirds']);
  });

  it('an arm pinned to a version that is no longer active is served by that version', async () => {
    const {
      rows: [old],
    } = await pool.query(`SELECT id::text FROM model_versions WHERE strategy = 'popularity' AND active`);
    const job = (await ts.gql(`mutation { trainModel(strategy: POPULARITY) { id } }`, {}, admin)).data!.trainModel.id;
    const end = Date.now() + 90_000;
    for (;;) {
      const { rows } = await pool.query(`SELECT v.id::text, v.active FROM training_jobs j JOIN model_versions v ON v.id = j.model_version_id WHERE j.id = $1`, [job]);
      if (rows[0]?.active && ts.server.services.recommendations.get('POPULARITY')?.versionId === rows[0].id) break;
      if (Date.now() > end) throw new Error('the retrained POPULARITY version was not served in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    const id = (await create({ name: 'pinned', arms: [arm('old', 'POPULARITY', 0.5, old.id), arm('old-too', 'POPULARITY', 0.5, old.id)] })).data!.createExperiment.id;
    await ts.gql(START, { id }, admin);
    const list = (await ts.gql(RECS, { u: '5' })).data!.recommendations;
    expect(list[0].reasons[0]).toMatch(new RegExp(`^Experiment pinned, arm old(-too)?: POPULARITY version ${old.id}$`));
    let row: { model_version_id: string } | undefined;
    const until = Date.now() + 20_000;
    while (!row && Date.now() < until) {
      row = (await pool.query(`SELECT model_version_id::text FROM impressions WHERE id = $1`, [list[0].impressionId])).rows[0];
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row!.model_version_id).toBe(old.id);
    await ts.gql(STOP, { id }, admin);
  });
});

describe('replicas', () => {
  let replica: RunningServer;

  beforeAll(async () => {
    // polls far out: only the notification can tell it an experiment started
    replica = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: ts.db.url, seedDemo: true, impressionSampleRate: 1 }, createQuietLogger(), {
      modelSyncPollMs: 24 * 3600_000,
      userReconcileMs: 24 * 3600_000,
      showFirstAdminKey: () => undefined,
    });
    await replica.waitUntilReady(120_000);
  }, 180_000);

  afterAll(() => replica?.close());

  it('another replica assigns by a started experiment once told by notification (its polls are set far out), from memory, with no SQL per list', async () => {
    const on = async (query: string) =>
      (await fetch(`${replica.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json() as Promise<any>;
    const list = (u: string) => on(`{ recommendations(userId: "${u}", limit: 3, excludeItemIds: ["x${Math.random()}"]) { strategy reasons } }`);
    await list('8'); // the user, read once
    const id = (await create({ name: 'replicated' })).data!.createExperiment.id;
    const t0 = Date.now();
    await ts.gql(START, { id }, admin);
    while (replica.services.experiments.runningId !== id) {
      if (Date.now() - t0 > 5_000) throw new Error('the other replica did not hear of the start');
      await new Promise((r) => setTimeout(r, 10));
    }
    console.log(`the other replica assigned by the new experiment ${Date.now() - t0} ms after the start`);
    const serverPool = replica.db.pool as unknown as { query: (...a: unknown[]) => unknown };
    const original = serverPool.query;
    const seen: string[] = [];
    serverPool.query = function (this: unknown, ...args: unknown[]) {
      const text = String((args[0] as { text?: string })?.text ?? args[0]);
      // the impression recorder writes off the request path; background checks are not the list's
      if (!/impressions|rate_limit_counts|fingerprint|training_jobs|model_versions|experiments/.test(text)) seen.push(text.slice(0, 120));
      return original.apply(this, args);
    };
    try {
      const res = await list('8');
      expect(res.data.recommendations[0].reasons[0]).toMatch(/^Experiment replicated, arm [ab]: /);
    } finally {
      serverPool.query = original;
    }
    expect(seen).toEqual([]);
    await ts.gql(STOP, { id }, admin);
    const t1 = Date.now();
    while (replica.services.experiments.runningId !== null) {
      if (Date.now() - t1 > 5_000) throw new Error('the other replica did not hear of the stop');
      await new Promise((r) => setTimeout(r, 10));
    }
  });
});
