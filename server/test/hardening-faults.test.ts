/**
 * Faults the platform must survive without a restart, on a PostgreSQL of the test's own:
 * - PostgreSQL stopped under load: every request answers within 2 s (UNAVAILABLE, not a hang,
 *   not an internal error), /ready turns 503, and once PostgreSQL is back the same server
 *   process serves again by itself;
 * - a training worker process killed mid-fit: the job is failed with a reason by the stale-job
 *   sweep and the active model keeps serving;
 * - a malformed import into the live database: exit 1, nothing loaded, nothing changed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { main as importCli } from '../src/cli/import';
import { loadConfig } from '../src/config';
import { writeFixture } from '../src/data/importers/movielens/fixtures';
import { createQuietLogger } from '../src/logger';
import { repoRoot } from '../src/paths';
import { startServer, type RunningServer } from '../src/server';
import { createKey, openPool } from './support/api-keys';
import { errorCodes, postRaw, type RawResponse } from './support/hardening-http';
import { startRestartablePostgres, type RestartablePostgres } from './support/hardening-postgres';

jest.setTimeout(120_000);

let pg: RestartablePostgres;
let server: RunningServer;
let pool: Pool;
let writeHeaders: Record<string, string>;
let adminHeaders: Record<string, string>;
let users: string[];
let items: string[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  pg = await startRestartablePostgres();
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: pg.url, seedDemo: true, rateLimitPerMinute: 0, jobStaleSeconds: 2 };
  server = await startServer(config, createQuietLogger(), { showFirstAdminKey: () => undefined });
  await server.waitUntilReady(90_000);
  pool = openPool(pg.url);
  writeHeaders = (await createKey(pool, 'write')).headers;
  adminHeaders = (await createKey(pool, 'admin')).headers;
  users = (await pool.query<{ id: string }>(`SELECT external_id AS id FROM users ORDER BY id LIMIT 50`)).rows.map((r) => r.id);
  items = (await pool.query<{ id: string }>(`SELECT external_id AS id FROM items ORDER BY id LIMIT 50`)).rows.map((r) => r.id);
});

afterAll(async () => {
  await pool?.end().catch(() => undefined);
  await server?.close().catch(() => undefined);
  await pg?.destroy();
});

const gql = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  postRaw(`${server.url}/graphql`, JSON.stringify({ query, variables }), headers, 15_000);

interface Sample {
  start: number;
  end: number;
  op: string;
  r: RawResponse | null;
}

/** lanes of mixed traffic (DB-backed reads, recommendations, writes) until stopped */
function startLoad(lanes: number) {
  const samples: Sample[] = [];
  let running = true;
  let n = 0;
  const ops: [string, () => Promise<RawResponse>][] = [
    ['item', () => gql('query ($id: ID!) { item(id: $id) { id title averageRating } }', { id: items[n % items.length] })],
    ['recommendations', () => gql('query ($u: ID!) { recommendations(userId: $u, strategy: SVD, limit: 10) { item { id title } score } }', { u: users[n % users.length] })],
    [
      'rateItem',
      () =>
        gql(
          'mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }',
          { i: { userId: users[n % users.length], itemId: items[(n * 7) % items.length], rating: 4 } },
          writeHeaders,
        ),
    ],
  ];
  const done = Promise.all(
    Array.from({ length: lanes }, async () => {
      while (running) {
        const [op, send] = ops[n++ % ops.length];
        const start = Date.now();
        const r = await send().catch(() => null);
        samples.push({ start, end: Date.now(), op, r });
      }
    }),
  );
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const succeeded = (r: RawResponse | null) => !!r && r.status === 200 && errorCodes(r).length === 0;

/** polls a condition (the load's samples, a probe) with a generous ceiling, instead of sleeping a fixed time */
async function waitUntil(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function readyStatus(): Promise<number> {
  const res = await fetch(`${server.url}/ready`, { signal: AbortSignal.timeout(5000) });
  return res.status;
}

test('PostgreSQL stopped under load: UNAVAILABLE within 2 s, /ready 503, and recovery without a restart', async () => {
  const load = startLoad(6);
  let stoppedAt = 0;
  let restartedAt = 0;
  let recoveredAt = 0;
  let readyWhileDown = 0;
  try {
    // every kind of request served before the fault
    await waitUntil('each kind of request to succeed under load', () =>
      ['item', 'recommendations', 'rateItem'].every((op) => load.samples.some((s) => s.op === op && succeeded(s.r))),
    );
    stoppedAt = Date.now();
    await pg.stop();
    // the load meets the stopped database: answers that started after the stop, every kind of request
    const down = () => load.samples.filter((s) => s.start >= stoppedAt);
    await waitUntil('UNAVAILABLE answers to every kind of request', () =>
      ['item', 'recommendations', 'rateItem'].every((op) => down().some((s) => s.op === op && s.r && errorCodes(s.r).includes('UNAVAILABLE'))),
    );
    readyWhileDown = await readyStatus();
    restartedAt = Date.now();
    await pg.start();
    // the same process must find its way back: poll until a DB-backed read succeeds
    await waitUntil('a database read to succeed again', async () => succeeded(await gql('query ($id: ID!) { item(id: $id) { id } }', { id: items[0] }).catch(() => null)));
    recoveredAt = Date.now();
    // and the load itself: every kind of request succeeds again
    await waitUntil('each kind of request to succeed after recovery', () =>
      ['item', 'recommendations', 'rateItem'].every((op) => load.samples.some((s) => s.op === op && s.start >= recoveredAt + 500 && succeeded(s.r))),
    );
  } finally {
    await pg.start();
    await load.stop();
  }
  const readyAfter = await readyStatus();

  expect(readyWhileDown).toBe(503);
  expect(readyAfter).toBe(200);

  // while the database was gone (requests started after the stop, answered before the restart)
  const down = load.samples.filter((s) => s.start >= stoppedAt && s.end <= restartedAt);
  const wrong = down.filter((s) => !s.r || (!succeeded(s.r) && !errorCodes(s.r).every((c) => c === 'UNAVAILABLE')));
  expect(wrong.map((s) => `${s.op}: ${s.r?.status} ${s.r?.text.slice(0, 200)}`)).toEqual([]);
  // UNAVAILABLE is a 503 for every caller; no request hung: each answered within the 2 s
  expect(down.filter((s) => s.r && errorCodes(s.r).includes('UNAVAILABLE') && s.r.status !== 503).map((s) => `${s.op} ${s.r!.status}`)).toEqual([]);
  expect(down.filter((s) => s.r!.status >= 500 && s.r!.status !== 503).map((s) => `${s.op} ${s.r!.status}: ${s.r!.text.slice(0, 200)}`)).toEqual([]);
  expect(Math.max(...down.map((s) => s.end - s.start))).toBeLessThanOrEqual(2000);
  // nothing at all (before, during, after) was an internal error
  expect(load.samples.filter((s) => s.r && errorCodes(s.r).includes('INTERNAL_SERVER_ERROR')).map((s) => s.r!.text.slice(0, 200))).toEqual([]);
  // after recovery, every kind of request works again
  const after = load.samples.filter((s) => s.start >= recoveredAt + 500);
  expect(after.filter((s) => !succeeded(s.r)).map((s) => `${s.op}: ${s.r?.text.slice(0, 200)}`)).toEqual([]);
});

async function job(id: string): Promise<{ status: string; error: string | null; epoch: number | null }> {
  const { rows } = await pool.query(`SELECT status, error, epoch FROM training_jobs WHERE id = $1`, [id]);
  return rows[0];
}

test('a training worker killed mid-fit: the job fails with a reason and the active model keeps serving', async () => {
  const activeBefore = (await pool.query(`SELECT id FROM model_versions WHERE active ORDER BY strategy`)).rows;
  await server.runner!.pause(); // this server must not claim the job: the worker process will
  const queued = await gql('mutation { trainModel(strategy: SVD, params: { factors: 300, epochs: 1000, validationFraction: 0 }) { id } }', undefined, adminHeaders);
  const jobId = (queued.json as { data: { trainModel: { id: string } } }).data.trainModel.id;

  const script = path.join(repoRoot(), 'server', 'dist', 'server', 'src', 'worker.js');
  expect(fs.existsSync(script)).toBe(true);
  const worker = spawn(process.execPath, [script], {
    env: { ...process.env, DATABASE_URL: pg.url, JOB_STALE_SECONDS: '2', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  try {
    // mid-fit: the worker claimed it and reported at least one epoch
    const end = Date.now() + 60_000;
    let state = await job(jobId);
    while (!(state.status === 'running' && (state.epoch ?? 0) >= 1) && Date.now() < end) {
      await sleep(200);
      state = await job(jobId);
    }
    expect(state).toMatchObject({ status: 'running' });
    worker.kill('SIGKILL');
    await exited;
  } finally {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  }

  server.runner!.resume(); // the server's runner sweeps stale jobs on each tick
  const end = Date.now() + 30_000;
  let state = await job(jobId);
  while (state.status === 'running' && Date.now() < end) {
    await sleep(250);
    state = await job(jobId);
  }
  expect(state.status).toBe('failed');
  expect(state.error).toMatch(/stopped responding|killed/);
  expect((await pool.query(`SELECT id FROM model_versions WHERE active ORDER BY strategy`)).rows).toEqual(activeBefore);
  expect((await pool.query(`SELECT count(*)::int AS n FROM model_versions WHERE training_job_id = $1 AND active`, [jobId])).rows[0].n).toBe(0);
  const r = await gql('{ recommendations(userId: "1", strategy: SVD, limit: 5) { strategy item { id } } }');
  expect(errorCodes(r)).toEqual([]);
  expect((r.json as { data: { recommendations: { strategy: string }[] } }).data.recommendations.map((x) => x.strategy)).toEqual(Array(5).fill('SVD'));
});

test('a malformed import into the live database loads nothing and changes nothing', async () => {
  const counts = async () =>
    (await pool.query(`SELECT (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM items)::int AS i, (SELECT count(*) FROM interactions)::int AS x`)).rows[0];
  const before = await counts();
  // thousands of good lines (new users and movies) and one bad line at the very end
  const movies = ['movieId,title,genres', ...Array.from({ length: 200 }, (_, m) => `${900000 + m},Fault Movie ${m} (2001),Drama`)].join('\n');
  const ratings = [
    'userId,movieId,rating,timestamp',
    ...Array.from({ length: 5000 }, (_, k) => `${800000 + (k % 300)},${900000 + (k % 200)},4.0,1500000000`),
    '800001,900001,4.0,not-a-time',
  ].join('\n');
  const dir = writeFixture({ 'movies.csv': `${movies}\n`, 'ratings.csv': `${ratings}\n` });
  let stderr = '';
  const code = await importCli(['--data', dir], { stdout: () => undefined, stderr: (t) => (stderr += t), env: { DATABASE_URL: pg.url } });
  expect(code).toBe(1);
  expect(stderr).toMatch(/nothing was loaded/);
  expect(await counts()).toEqual(before);
  const r = await gql('{ recommendations(userId: "1", limit: 3) { item { id } } }');
  expect(errorCodes(r)).toEqual([]);
});
