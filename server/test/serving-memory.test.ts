import type { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { createQuietLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { createKey, openPool, withKeyService } from './support/api-keys';
import type { GraphQLResponse } from './support/server';
import { startTestServer, type TestServer } from './support/server';

/**
 * Serving from memory across replicas on one database: each replica holds its users and their
 * histories; a write is in the accepting replica's very next list, in another's within a second
 * (by notification alone), and a change that announced nothing (a direct SQL write) is repaired by
 * the periodic reconciliation.
 */
jest.setTimeout(180_000);

let ts: TestServer;
/** notifications only: its fallback checks and reconciliation are pushed out of the test's reach */
let quiet: RunningServer;
/** reconciles the users it holds every 300 ms */
let reconciling: RunningServer;
let pool: Pool;
let auth: Record<string, string>;
const RECONCILE_MS = 300;

const replicaOptions = (userReconcileMs: number) => ({ modelSyncPollMs: 24 * 3600_000, userReconcileMs, showFirstAdminKey: () => undefined });
const replicaConfig = () => ({ ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: ts.db.url, seedDemo: true });

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
  auth = (await createKey(pool, 'write')).headers;
  quiet = await startServer(replicaConfig(), createQuietLogger(), replicaOptions(24 * 3600_000));
  reconciling = await startServer(replicaConfig(), createQuietLogger(), replicaOptions(RECONCILE_MS));
  await Promise.all([quiet.waitUntilReady(120_000), reconciling.waitUntilReady(120_000)]);
}, 240_000);

afterAll(async () => {
  await reconciling?.close();
  await quiet?.close();
  await pool?.end();
  await ts?.close();
});

async function on<T = Record<string, any>>(server: { url: string }, query: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { ...((await res.json()) as GraphQLResponse<T>), status: res.status };
}

const poll = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number, every = 10): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms; last value: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, every));
  }
};

/** the user's SVD list on a server, as item ids (a list the cache may answer, as clients ask it) */
const listOf = async (server: { url: string }, userId: string): Promise<string[]> => {
  const res = await on(server, `{ recommendations(userId: "${userId}", strategy: SVD, limit: 10) { item { id } } }`);
  expect(res.errors).toBeUndefined();
  return res.data!.recommendations.map((r: { item: { id: string } }) => r.item.id);
};

it("a write acknowledged by replica A is in A's very next list and in B's within 1 s", async () => {
  const A = { url: ts.url };
  const user = '21';
  // both replicas hold the user (and cache their list) before the write
  const before = await listOf(A, user);
  expect(await listOf(quiet, user)).toEqual(before);
  const target = before[0];
  const rated = await on(A, `mutation { rateItem(input: { userId: "${user}", itemId: "${target}", rating: 1 }) { rating } }`, auth);
  expect(rated.errors).toBeUndefined();
  const t0 = Date.now();
  // A: the very next list, cached or not
  expect(await listOf(A, user)).not.toContain(target);
  const uncached = await on(A, `{ recommendations(userId: "${user}", strategy: ALS, limit: 20, excludeItemIds: ["none"]) { item { id } } }`);
  expect(uncached.data!.recommendations.map((r: { item: { id: string } }) => r.item.id)).not.toContain(target);
  // B: by notification alone
  await poll(
    () => listOf(quiet, user),
    (ids) => !ids.includes(target),
    1_000,
  );
  console.log(`the write reached the other replica's list after ${Date.now() - t0} ms`);
});

it('a write that announced nothing (direct SQL: its notification as good as lost) is repaired by reconciliation', async () => {
  const user = '22';
  const before = await listOf(reconciling, user);
  expect(await listOf(quiet, user)).toEqual(before);
  const target = before[0];
  const t0 = Date.now();
  const { rowCount } = await pool.query(
    `INSERT INTO interactions (user_id, item_id, kind, value)
     SELECT u.id, i.id, 'rating', 5 FROM users u, items i WHERE u.external_id = $1 AND i.external_id = $2`,
    [user, target],
  );
  expect(rowCount).toBe(1);
  await poll(
    () => listOf(reconciling, user),
    (ids) => !ids.includes(target),
    10 * RECONCILE_MS + 2_000,
  );
  const took = Date.now() - t0;
  console.log(`reconciliation repaired the unannounced write after ${took} ms (period ${RECONCILE_MS} ms)`);
  // the replica without a reconciliation in reach still serves what it holds: memory, not the database, answered it
  expect(await listOf(quiet, user)).toContain(target);
  // a user deleted by SQL alone is forgotten the same way
  await listOf(reconciling, '23');
  await pool.query(`DELETE FROM users WHERE external_id = '23'`);
  await poll(
    () => on(reconciling, `{ recommendations(userId: "23", limit: 1, excludeItemIds: ["x${Date.now()}"]) { score } }`),
    (r) => r.errors?.[0]?.extensions?.code === 'NOT_FOUND',
    10 * RECONCILE_MS + 2_000,
  );
});

/** the statements a server's own pool runs while `fn` runs, background checks (and the impression recorder's batched INSERT) left out */
async function statementsDuring(server: RunningServer, fn: () => Promise<unknown>): Promise<string[]> {
  const serverPool = server.db.pool as unknown as { query: (...a: unknown[]) => unknown };
  const original = serverPool.query;
  const seen: string[] = [];
  serverPool.query = function (this: unknown, ...args: unknown[]) {
    const text = String((args[0] as { text?: string })?.text ?? args[0]);
    if (!/rate_limit_counts|catalog fingerprint|user fingerprint|training_jobs|model_versions|INSERT INTO impressions/.test(text))
      seen.push(text.replace(/\s+/g, ' ').slice(0, 120));
    return original.apply(this, args);
  };
  try {
    await fn();
    return seen;
  } finally {
    serverPool.query = original;
  }
}

it('API keys are checked from memory; a revocation reaches every replica (by notification, or by the poll when none came)', async () => {
  const read = await createKey(pool, 'read');
  const list = (server: { url: string }, headers: Record<string, string>) =>
    on(server, `{ recommendations(userId: "24", limit: 5, excludeItemIds: ["x${Math.random()}"]) { item { id title } } }`, headers);
  expect((await list(quiet, read.headers)).errors).toBeUndefined(); // the key and the user, read once
  const statements = await statementsDuring(quiet, async () => expect((await list(quiet, read.headers)).errors).toBeUndefined());
  expect(statements).toEqual([]);

  // revoked through the service (as the CLI does): its notification reaches the other replica
  const viaCli = await createKey(pool, 'read');
  expect((await list(quiet, viaCli.headers)).errors).toBeUndefined();
  await withKeyService(pool, (keys) => keys.revoke(viaCli.name));
  await poll(
    () => list(quiet, viaCli.headers),
    (r) => r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
    1_000,
  );

  // revoked by SQL alone: no notification; the poll finds it (the key is held again first)
  expect((await list(quiet, read.headers)).errors).toBeUndefined();
  await pool.query(`UPDATE api_keys SET revoked_at = now() WHERE name = $1`, [read.name]);
  const t0 = Date.now();
  await poll(
    () => list(quiet, read.headers),
    (r) => r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
    5_000,
    50,
  );
  console.log(`a key revoked without a notification was refused after ${Date.now() - t0} ms`);
});
