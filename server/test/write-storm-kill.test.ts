/**
 * SIGKILL during a write storm loses no acknowledged write. The server (`npm start`'s compiled
 * code, a child process on its own embedded PostgreSQL) takes ratings and events from 64 concurrent
 * lanes, gathered by group commit; after a few hundred acknowledgements it is killed outright, with
 * writes still in flight. PostgreSQL outlives it (it runs detached): every write the server answered
 * must be in the database exactly as sent. Writes that were not answered may or may not be there.
 */
import type { Pool } from 'pg';
import { urlFor } from '../src/data/embedded-postgres';
import { createKey, openPool } from './support/api-keys';
import { startChildServer, waitFor, type ChildServer } from './support/child-server';
import { errorCodes, postRaw } from './support/hardening-http';

jest.setTimeout(240_000);

const LANES = 64;
const ACKS_BEFORE_KILL = 400;
const RATE = 'mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }';
const RECORD = 'mutation ($i: RecordInteractionInput!) { recordInteraction(input: $i) { created idempotencyKey } }';

let srv: ChildServer;
let pool: Pool;

afterAll(async () => {
  await pool?.end().catch(() => undefined);
  await srv?.close();
});

test('every write acknowledged before a SIGKILL is in the database, as sent', async () => {
  srv = await startChildServer({ RATE_LIMIT_PER_MINUTE: '0' }, { until: 'health' });
  const pm = srv.postmaster();
  if (!pm) throw new Error(`no PostgreSQL for the child server:\n${srv.output()}`);
  pool = openPool(urlFor(pm.port));
  const auth = (await createKey(pool, 'write')).headers;
  const users = (await pool.query<{ id: string }>(`SELECT external_id AS id FROM users ORDER BY id LIMIT 60`)).rows.map((r) => r.id);
  const items = (await pool.query<{ id: string }>(`SELECT external_id AS id FROM items ORDER BY id LIMIT 400`)).rows.map((r) => r.id);
  // ratings of (user, item) pairs nobody has rated, so each stored value is the one acknowledged
  const rated = new Set(
    (
      await pool.query<{ p: string }>(
        `SELECT u.external_id || '|' || i.external_id AS p FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id WHERE x.kind = 'rating'`,
      )
    ).rows.map((r) => r.p),
  );

  const ackedEvents = new Map<string, { userId: string; itemId: string; value: number }>();
  const ackedRatings = new Map<string, number>();
  let sent = 0;
  let failures = 0;
  let killed = false;
  const lane = async (l: number) => {
    for (let n = 0; !killed; n++) {
      const i = l * 100_000 + n;
      const userId = users[i % users.length];
      const itemId = items[(l * 7 + n * 13) % items.length];
      const pair = `${userId}|${itemId}`;
      const rating = n % 3 === 0 && !rated.has(pair) && !ackedRatings.has(pair);
      if (rating) rated.add(pair);
      const event = { userId, itemId, kind: 'view', value: 1 + (i % 7), idempotencyKey: `storm-${l}-${n}` };
      const stars = 0.5 + (i % 10) / 2;
      sent++;
      try {
        const r = await postRaw(
          `${srv.url}/graphql`,
          JSON.stringify(rating ? { query: RATE, variables: { i: { userId, itemId, rating: stars } } } : { query: RECORD, variables: { i: event } }),
          auth,
          20_000,
        );
        if (r.status !== 200 || errorCodes(r).length) {
          failures++;
          continue;
        }
        if (rating) ackedRatings.set(pair, stars);
        else ackedEvents.set(event.idempotencyKey, event);
      } catch {
        failures++; // the server died under this request: not acknowledged
        if (killed) return;
      }
    }
  };
  const lanes = Array.from({ length: LANES }, (_, l) => lane(l));
  await waitFor(`${ACKS_BEFORE_KILL} acknowledged writes`, () => ackedEvents.size + ackedRatings.size >= ACKS_BEFORE_KILL || srv.child.exitCode !== null, 120_000);
  expect(srv.child.exitCode).toBeNull();
  srv.child.kill('SIGKILL');
  killed = true;
  await srv.exited(30_000);
  await Promise.all(lanes);

  // writes were still in flight when it died (else this proves nothing about them)
  expect(sent).toBeGreaterThan(ackedEvents.size + ackedRatings.size);
  const events = new Map(
    (
      await pool.query<{ k: string; user: string; item: string; value: number }>(
        `SELECT x.idempotency_key AS k, u.external_id AS user, i.external_id AS item, x.value
       FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id WHERE x.idempotency_key LIKE 'storm-%'`,
      )
    ).rows.map((r) => [r.k, r]),
  );
  const lost = [...ackedEvents].filter(([k, e]) => {
    const row = events.get(k);
    return !row || row.user !== e.userId || row.item !== e.itemId || row.value !== e.value;
  });
  expect(lost).toEqual([]);
  const ratings = new Map(
    (
      await pool.query<{ p: string; value: number }>(
        `SELECT u.external_id || '|' || i.external_id AS p, x.value FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id
      WHERE x.kind = 'rating' AND (u.external_id || '|' || i.external_id) = ANY($1::text[])`,
        [[...ackedRatings.keys()]],
      )
    ).rows.map((r) => [r.p, r.value]),
  );
  expect([...ackedRatings].filter(([p, v]) => ratings.get(p) !== v)).toEqual([]);
  expect(ackedRatings.size).toBeGreaterThan(0);
  process.stdout.write(`write storm: ${ackedEvents.size} events and ${ackedRatings.size} ratings acknowledged, ${sent} sent, ${failures} unanswered; none lost\n`);
});
