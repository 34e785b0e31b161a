/**
 * Durability under concurrency: many rateItem / recordInteraction calls in flight at once, each
 * retried with the same idempotencyKey while the first attempt may still be running, must leave
 * exactly the expected rows (nothing lost, nothing doubled); a batch with one bad entry writes
 * nothing. Real HTTP, real PostgreSQL; row counts read straight from the database.
 */
import type { Pool } from 'pg';
import { createKey, openPool } from './support/api-keys';
import { errorCodes, mapConcurrent, postRaw, type RawResponse } from './support/hardening-http';
import { startTestServer, type TestServer } from './support/server';

jest.setTimeout(120_000);

const USERS = 12;
// × RETRIES: 510 concurrent event writes, gathered by group commit
const EVENTS = 170;
const RETRIES = 3;

let ts: TestServer;
let pool: Pool;
let auth: Record<string, string>;
let items: string[];
const userId = (n: number) => `dur-${n}`;

const RATE = 'mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }';
const RECORD = 'mutation ($i: RecordInteractionInput!) { recordInteraction(input: $i) { id created idempotencyKey } }';
const BATCH = 'mutation ($xs: [RecordInteractionInput!]!) { recordInteractions(inputs: $xs) { id created } }';

function send(query: string, variables: Record<string, unknown>): Promise<RawResponse> {
  return postRaw(`${ts.url}/graphql`, JSON.stringify({ query, variables }), auth);
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, params);
  return Number(rows[0].n);
}

const ourRows = (kind: string) => count(`SELECT count(*) AS n FROM interactions x JOIN users u ON u.id = x.user_id WHERE u.external_id LIKE 'dur-%' AND x.kind = $1`, [kind]);

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true, rateLimitPerMinute: 0 });
  pool = openPool(ts.db.url);
  auth = (await createKey(pool, 'write')).headers;
  items = (await pool.query<{ id: string }>(`SELECT external_id AS id FROM items ORDER BY id LIMIT 40`)).rows.map((r) => r.id);
  for (let n = 0; n < USERS; n++) {
    const r = await send('mutation ($id: ID!) { createUser(input: { id: $id }) { id } }', { id: userId(n) });
    expect(r.status).toBe(200);
  }
});

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

test('concurrent ratings, each sent several times at once: one row per (user, item), holding the last value', async () => {
  // every (user, item) pair rated RETRIES times concurrently with the same value
  const pairs = Array.from({ length: USERS * 6 }, (_, i) => ({ userId: userId(i % USERS), itemId: items[Math.floor(i / USERS)], rating: 0.5 + (i % 10) / 2 }));
  const attempts = pairs.flatMap((p) => Array.from({ length: RETRIES }, () => p));
  const responses = await mapConcurrent(attempts, 48, (p) => send(RATE, { i: p }));
  expect(responses.filter((r) => r.status !== 200 || errorCodes(r).length)).toEqual([]);
  expect(await ourRows('rating')).toBe(pairs.length);

  // re-rating replaces rather than adds, also when the re-ratings race each other
  const rerates = pairs.slice(0, 30).flatMap((p) => [send(RATE, { i: { ...p, rating: 5 } }), send(RATE, { i: { ...p, rating: 5 } })]);
  expect((await Promise.all(rerates)).every((r) => r.status === 200 && !errorCodes(r).length)).toBe(true);
  expect(await ourRows('rating')).toBe(pairs.length);
  const { rows } = await pool.query<{ user: string; item: string; value: number }>(
    `SELECT u.external_id AS user, i.external_id AS item, x.value FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id
      WHERE u.external_id LIKE 'dur-%' AND x.kind = 'rating'`,
  );
  const stored = new Map(rows.map((r) => [`${r.user}|${r.item}`, r.value]));
  pairs.forEach((p, i) => expect(stored.get(`${p.userId}|${p.itemId}`)).toBe(i < 30 ? 5 : p.rating));
});

const groupStats = () => ts.server.services.feedback.groupStats;

test('concurrent events retried with the same idempotencyKey: each stored exactly once, created exactly once', async () => {
  const before = await ourRows('view');
  const groupsBefore = groupStats();
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    userId: userId(i % USERS),
    itemId: items[i % items.length],
    kind: 'view',
    value: 1 + (i % 5),
    idempotencyKey: `dur-view-${i}`,
  }));
  // all retries of one key in flight together, interleaved with other keys
  const attempts = events.flatMap((e) => Array.from({ length: RETRIES }, () => e));
  const responses = await mapConcurrent(attempts, 64, (e) => send(RECORD, { i: e }));
  expect(responses.filter((r) => r.status !== 200 || errorCodes(r).length).map((r) => r.text)).toEqual([]);
  expect(await ourRows('view')).toBe(before + EVENTS);
  const created = new Map<string, number>();
  for (const r of responses) {
    const row = (r.json as { data: { recordInteraction: { created: boolean; idempotencyKey: string } } }).data.recordInteraction;
    if (row.created) created.set(row.idempotencyKey, (created.get(row.idempotencyKey) ?? 0) + 1);
  }
  expect(created.size).toBe(EVENTS);
  expect([...created.values()].every((n) => n === 1)).toBe(true);
  // the stored values are the ones sent (the retry did not overwrite with something else)
  const { rows } = await pool.query<{ k: string; value: number }>(`SELECT idempotency_key AS k, value FROM interactions WHERE idempotency_key LIKE 'dur-view-%'`);
  expect(rows).toHaveLength(EVENTS);
  for (const r of rows) expect(r.value).toBe(1 + (Number(r.k.slice('dur-view-'.length)) % 5));
  // and they were committed in groups (fewer transactions than writes), not one by one
  const after = groupStats();
  const [groups, writes] = [after.groups - groupsBefore.groups, after.units - groupsBefore.units];
  expect(writes).toBe(attempts.length);
  expect(groups).toBeLessThan(writes / 2);
});

test('one bad write in a group fails alone: a key reused for another event is CONFLICT, the writes beside it commit', async () => {
  const before = await ourRows('share');
  const first = { userId: userId(1), itemId: items[1], kind: 'share', idempotencyKey: `dur-solo-${Date.now()}` };
  expect(errorCodes(await send(RECORD, { i: first }))).toEqual([]);
  const groupsBefore = groupStats();
  const good = Array.from({ length: 60 }, (_, i) => ({
    userId: userId(i % USERS),
    itemId: items[(i + 3) % items.length],
    kind: 'share',
    idempotencyKey: `dur-solo-good-${i}-${Date.now()}`,
  }));
  const clash = { ...first, itemId: items[2] };
  // the clash in the middle of the burst, so it shares a group with good writes
  const burst = [...good.slice(0, 30), clash, ...good.slice(30)];
  const responses = await mapConcurrent(burst, 64, (e) => send(RECORD, { i: e }));
  const codes = responses.map((r) => errorCodes(r));
  expect(codes[30]).toEqual(['CONFLICT']);
  expect(codes.filter((c, i) => i !== 30 && c.length)).toEqual([]);
  expect(await ourRows('share')).toBe(before + 1 + good.length);
  const after = groupStats();
  expect(after.groups - groupsBefore.groups).toBeLessThan(burst.length);
  // the clash did share a group, which failed as a whole and was retried write by write
  expect(after.failed - groupsBefore.failed).toBeGreaterThan(0);
});

test('events without a key accumulate: every call is one row, none lost under concurrency', async () => {
  const before = await ourRows('click');
  const calls = Array.from({ length: 120 }, (_, i) => ({ userId: userId(i % USERS), itemId: items[0], kind: 'click' }));
  const responses = await mapConcurrent(calls, 40, (e) => send(RECORD, { i: e }));
  expect(responses.every((r) => r.status === 200 && !errorCodes(r).length)).toBe(true);
  expect(await ourRows('click')).toBe(before + calls.length);
});

test('batches retried concurrently with the same keys: each event once; a key reused for another event is refused', async () => {
  const before = await ourRows('purchase');
  const batches = Array.from({ length: 8 }, (_, b) =>
    Array.from({ length: 50 }, (_, j) => ({ userId: userId((b + j) % USERS), itemId: items[j % items.length], kind: 'purchase', idempotencyKey: `dur-batch-${b}-${j}` })),
  );
  const responses = await mapConcurrent(
    batches.flatMap((b) => [b, b, b]),
    12,
    (xs) => send(BATCH, { xs }),
  );
  expect(responses.filter((r) => r.status !== 200 || errorCodes(r).length).map((r) => r.text)).toEqual([]);
  expect(await ourRows('purchase')).toBe(before + 8 * 50);

  // the same key for a different item: CONFLICT, and the batch around it writes nothing
  const fresh = Array.from({ length: 5 }, (_, j) => ({ userId: userId(0), itemId: items[j], kind: 'purchase', idempotencyKey: `dur-new-${j}` }));
  const clash = { ...batches[0][0], itemId: items[39] };
  const r = await send(BATCH, { xs: [...fresh, clash] });
  expect(errorCodes(r)).toContain('CONFLICT');
  expect(await ourRows('purchase')).toBe(before + 8 * 50);
  expect(await count(`SELECT count(*) AS n FROM interactions WHERE idempotency_key LIKE 'dur-new-%'`)).toBe(0);
});

test('a batch with one bad entry writes nothing of it, whichever entry and whatever is wrong', async () => {
  const total = () => count(`SELECT count(*) AS n FROM interactions`);
  const before = await total();
  const good = (j: number) => ({ userId: userId(j % USERS), itemId: items[j % items.length], kind: 'like', idempotencyKey: `dur-bad-${j}-${Math.random()}` });
  const bad: [string, Record<string, unknown>, string][] = [
    ['unknown item', { itemId: 'no-such-item' }, 'NOT_FOUND'],
    ['unknown user', { userId: 'no-such-user' }, 'NOT_FOUND'],
    ['weight out of range', { weight: 5000 }, 'BAD_USER_INPUT'],
    ['kind "rating"', { kind: 'rating' }, 'BAD_USER_INPUT'],
    ['bad kind', { kind: 'DROP TABLE' }, 'BAD_USER_INPUT'],
    ['date in the future', { occurredAt: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT'],
  ];
  for (const [what, change, code] of bad) {
    for (const at of [0, 25, 49]) {
      const xs = Array.from({ length: 50 }, (_, j) => (j === at ? { ...good(j), ...change } : good(j)));
      const r = await send(BATCH, { xs });
      expect({ what, at, codes: errorCodes(r) }).toEqual({ what, at, codes: [code] });
    }
  }
  expect(await total()).toBe(before);
  // and the same batch without the bad entry goes through whole
  const ok = await send(BATCH, { xs: Array.from({ length: 50 }, (_, j) => good(j)) });
  expect(errorCodes(ok)).toEqual([]);
  expect(await total()).toBe(before + 50);
});
