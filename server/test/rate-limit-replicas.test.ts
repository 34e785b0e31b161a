/**
 * One rate limit across replicas (issue 10, item 7): two servers on one database share each
 * subject's budget through PostgreSQL (local counts, reconciled every RATE_LIMIT_SYNC_MS), and keep
 * limiting on their own while the database is down. The database is a PostgreSQL of this test's
 * own, so it can be stopped. Subjects are client IPs, set through X-Forwarded-For (trusted from
 * loopback), so each test has a fresh one.
 */
import type { Pool } from 'pg';
import { loadConfig, type Config } from '../src/config';
import { createQuietLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { openPool } from './support/api-keys';
import { startRestartablePostgres, type RestartablePostgres } from './support/hardening-postgres';

jest.setTimeout(180_000);

const LIMIT = 30;
let pg: RestartablePostgres;
let a: RunningServer;
let b: RunningServer;
let pool: Pool;

beforeAll(async () => {
  pg = await startRestartablePostgres();
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: pg.url,
    seedDemo: false,
    trainingWorker: false,
    rateLimitPerMinute: LIMIT,
    rateLimitSyncMs: 100,
  };
  a = await startServer(config, createQuietLogger());
  b = await startServer(config, createQuietLogger());
  pool = openPool(pg.url);
});

afterAll(async () => {
  await pool?.end().catch(() => undefined);
  await a?.close().catch(() => undefined);
  await b?.close().catch(() => undefined);
  await pg?.destroy();
});

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
}

/** a query that needs no database, from client IP `ip` */
async function ask(server: RunningServer, ip: string): Promise<Answer> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code, retryAfter: res.headers.get('retry-after') };
}

/** the hits every replica pushed for this subject (each test uses a subject of its own) */
async function sharedHits(ip: string): Promise<number> {
  const { rows } = await pool.query(`SELECT coalesce(sum(hits), 0)::int AS hits FROM rate_limit_counts WHERE subject = $1`, [`ip:${ip}`]);
  return rows[0].hits;
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Counts live in clock minutes, judged on a sliding estimate: the exact accounting below holds
 * within one minute, so a test starts early enough in one to end in it (the boundary is the condition).
 */
async function freshWindow(): Promise<number> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((r) => setTimeout(r, left + 20));
  return Math.floor(Date.now() / 60_000);
}
const windowNow = () => Math.floor(Date.now() / 60_000);

test('two replicas share one limit: alternating requests are accepted up to the limit in total, then both refuse', async () => {
  const ip = '10.7.0.1';
  const window = await freshWindow();
  let accepted = 0;
  const last = new Map<RunningServer, Answer>();
  const refusals = new Map<RunningServer, number>([
    [a, 0],
    [b, 0],
  ]);
  for (let i = 0; i < LIMIT * 3 && (refusals.get(a)! < 2 || refusals.get(b)! < 2); i++) {
    const replica = i % 2 ? b : a;
    const answer = await ask(replica, ip);
    last.set(replica, answer);
    if (answer.status === 200) {
      accepted++;
      // wait for the sync, not a clock: this hit is in the shared count before the next request
      await waitFor(`the shared count to reach ${accepted}`, async () => (await sharedHits(ip)) >= accepted);
    } else {
      expect(answer).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      refusals.set(replica, refusals.get(replica)! + 1);
    }
  }
  expect(windowNow()).toBe(window);
  // tolerance of this paced run: a replica's view lags by at most the other's last request
  // (two replicas without sharing would have accepted 2 × LIMIT)
  expect(accepted).toBeGreaterThanOrEqual(LIMIT);
  expect(accepted).toBeLessThanOrEqual(LIMIT + 1);
  for (const replica of [a, b]) {
    expect(last.get(replica)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(last.get(replica)!.retryAfter)).toBeGreaterThan(0);
  }
  // another client is not affected
  expect((await ask(a, '10.7.0.99')).status).toBe(200);
});

test('with the database down each replica keeps limiting on its own, never fails a request for it, and shares its counts once the database is back', async () => {
  const ip = '10.7.0.2';
  const window = await freshWindow();
  await pg.stop();
  const answers: Answer[] = [];
  try {
    for (const replica of [a, b]) for (let i = 0; i < LIMIT + 3; i++) answers.push(await ask(replica, ip));
  } finally {
    await pg.start();
  }
  // each replica alone: the first LIMIT accepted, then refused (N replicas together: N × LIMIT at most)
  for (const part of [answers.slice(0, LIMIT + 3), answers.slice(LIMIT + 3)]) {
    expect(part.slice(0, LIMIT).map((x) => x.status)).toEqual(Array(LIMIT).fill(200));
    for (const x of part.slice(LIMIT)) expect(x).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  }
  // the hits counted while the database was down reach the shared count once it is back
  await waitFor('the hits made while the database was down to be shared', async () => (await sharedHits(ip).catch(() => 0)) >= 2 * LIMIT);
  expect(windowNow()).toBe(window);
  for (const replica of [a, b]) expect(await ask(replica, ip)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
});
