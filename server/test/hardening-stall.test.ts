/**
 * A stalled database (issue 10, item 2), on a child server with its own embedded PostgreSQL:
 * - frozen (SIGSTOP of the postmaster and every backend): requests that reuse idle pooled
 *   connections, requests that need new ones and requests queued behind them all answer
 *   UNAVAILABLE with HTTP 503 within 2 s; /ready answers 503; after SIGCONT the same process
 *   serves again by itself;
 * - stopped (connections refused): the same.
 * The 2 s bound is the issue's own contract, measured per request; recovery after the database is
 * back is polled and its duration printed (target 1 s; asserted with a ceiling for a loaded machine).
 */
import { startChildServer, type ChildServer } from './support/child-server';
import { errorCodes, postRaw, type RawResponse } from './support/hardening-http';

jest.setTimeout(240_000);

/** the bound for an answer while the database is down */
const ANSWER_WITHIN_MS = 2000;
/** recovery target is 1 s; a loaded 2-core machine gets headroom (the measured figure is printed) */
const RECOVER_WITHIN_MS = 3000;

let child: ChildServer;
let admin: Record<string, string>;
let users: string[];
let items: string[];

const gql = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  postRaw(`${child.url}/graphql`, JSON.stringify({ query, variables }), headers, 15_000);

beforeAll(async () => {
  child = await startChildServer({ RATE_LIMIT_PER_MINUTE: '0' });
  const key = /Admin API key \(shown once; keep it safe\): (\S+)/.exec(child.output())?.[1];
  if (!key) throw new Error(`no admin key in the child's output:\n${child.output()}`);
  admin = { authorization: `Bearer ${key}` };
  const r = await gql('{ userIds(limit: 40) items(first: 40) { edges { node { id } } } }');
  const data = (r.json as { data: { userIds: string[]; items: { edges: { node: { id: string } }[] } } }).data;
  users = data.userIds;
  items = data.items.edges.map((e) => e.node.id);
  expect(users.length).toBeGreaterThan(10);
  expect(items.length).toBeGreaterThan(10);
});

afterAll(async () => {
  await child?.close();
});

interface Outcome {
  op: string;
  ms: number;
  status: number;
  codes: (string | undefined)[];
  retryAfter?: string | null;
  text: string;
}

let n = 0;
/** one of each kind of request, each needing the database; n varies ids so no list cache answers */
function mixedRequests(): [string, () => Promise<RawResponse>][] {
  const i = n++;
  const user = users[i % users.length];
  return [
    // anonymous, uncached: excluded items make a list the cache has never seen; a list of a known
    // user is served from memory (issue 13), so it asks for what only the database has, averageRating
    [
      'anonymous recommendations',
      () =>
        gql('query ($u: ID!, $x: [ID!]) { recommendations(userId: $u, strategy: SVD, limit: 5, excludeItemIds: $x) { item { id title averageRating } } }', {
          u: user,
          x: [items[i % items.length], `x-${i}-${Date.now()}`],
        }),
    ],
    ['anonymous item', () => gql('query ($id: ID!) { item(id: $id) { id title averageRating } }', { id: items[(i * 7) % items.length] })],
    ['anonymous user', () => gql('query ($id: ID!) { user(id: $id) { id ratingCount } }', { id: user })],
    ['keyed read', () => gql('query ($id: ID!) { item(id: $id) { id title } }', { id: items[(i * 3) % items.length] }, admin)],
    ['write', () => gql('mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }', { i: { userId: user, itemId: items[(i * 11) % items.length], rating: 4 } }, admin)],
  ];
}

async function timed(op: string, send: () => Promise<RawResponse>): Promise<Outcome> {
  const t0 = Date.now();
  try {
    const r = await send();
    return { op, ms: Date.now() - t0, status: r.status, codes: errorCodes(r), text: r.text.slice(0, 300) };
  } catch (e) {
    return { op, ms: Date.now() - t0, status: 0, codes: [], text: String(e) };
  }
}

async function getTimed(path: string): Promise<Outcome & { body: Record<string, unknown> | null }> {
  const t0 = Date.now();
  try {
    const res = await fetch(`${child.url}${path}`, { signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    return { op: path, ms: Date.now() - t0, status: res.status, codes: [], text, body: JSON.parse(text) };
  } catch (e) {
    return { op: path, ms: Date.now() - t0, status: 0, codes: [], text: String(e), body: null };
  }
}

/** `rounds` concurrent waves of every kind of request, `copies` of each per wave */
async function fireWaves(rounds: number, copies: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let r = 0; r < rounds; r++) {
    const wave = Array.from({ length: copies }, () => mixedRequests()).flat();
    out.push(...(await Promise.all(wave.map(([op, send]) => timed(op, send)))));
  }
  return out;
}

const slowest = (outcomes: Outcome[]) =>
  [...outcomes]
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 4)
    .map((o) => `${o.op} ${o.ms} ms`)
    .join(', ');

/** what must hold for every GraphQL answer while the database is gone */
function expectUnavailable(outcomes: Outcome[]): void {
  const slow = outcomes.filter((o) => o.ms > ANSWER_WITHIN_MS).map((o) => `${o.op}: ${o.ms} ms`);
  expect(slow).toEqual([]);
  const wrong = outcomes.filter((o) => o.status !== 503 || !o.codes.length || o.codes.some((c) => c !== 'UNAVAILABLE'));
  expect(wrong.map((o) => `${o.op}: HTTP ${o.status} ${o.text}`)).toEqual([]);
}

/** polls uncached reads until one succeeds; the ms from `since` */
async function recovery(since: number): Promise<number> {
  for (;;) {
    const [, send] = mixedRequests()[0];
    const r = await send().catch(() => null);
    if (r && r.status === 200 && !errorCodes(r).length) return Date.now() - since;
    if (Date.now() - since > 60_000) throw new Error(`no successful read 60 s after the database came back; last: ${r?.status} ${r?.text.slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

/** after recovery every kind of request succeeds again */
async function expectAllWork(): Promise<void> {
  const outcomes = await fireWaves(1, 2);
  expect(outcomes.filter((o) => o.status !== 200 || o.codes.length).map((o) => `${o.op}: HTTP ${o.status} ${o.text}`)).toEqual([]);
}

test('PostgreSQL frozen (SIGSTOP): every request answers UNAVAILABLE/503 within 2 s, and service resumes by itself after SIGCONT', async () => {
  // warm the pool: concurrent requests leave many idle pooled connections behind, which the
  // requests below reuse (the case that used to wait for the whole stall)
  await fireWaves(2, 6);
  await expectAllWork();

  let thawedAt = 0;
  let frozenOutcomes: Outcome[] = [];
  let ready: Awaited<ReturnType<typeof getTimed>> | null = null;
  let health: Awaited<ReturnType<typeof getTimed>> | null = null;
  try {
    await child.freezePostgres();
    // three waves: the first reuses idle connections, the later ones need new connections or
    // queue behind the lost ones; /ready and /health answer meanwhile
    const [waves, r, h] = await Promise.all([fireWaves(3, 4), getTimed('/ready'), getTimed('/health')]);
    frozenOutcomes = waves;
    ready = r;
    health = h;
  } finally {
    await child.thawPostgres();
    thawedAt = Date.now();
  }
  const recoveredMs = await recovery(thawedAt);
  console.log(`frozen database: ${frozenOutcomes.length} requests, slowest answers ${slowest(frozenOutcomes)}; served again ${recoveredMs} ms after SIGCONT`);

  expectUnavailable(frozenOutcomes);
  expect(ready!.status).toBe(503);
  expect(ready!.ms).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
  expect(ready!.body).toMatchObject({ ready: false, database: 'down' });
  expect(health!.status).toBe(200);
  expect(health!.body).toMatchObject({ status: 'ok', database: 'down' });
  expect(recoveredMs).toBeLessThanOrEqual(RECOVER_WITHIN_MS);
  await expectAllWork();
  expect((await getTimed('/ready')).status).toBe(200);
});

test('PostgreSQL stopped (connections refused): UNAVAILABLE/503 with Retry-After within 2 s, and service resumes by itself after a restart', async () => {
  await expectAllWork();
  await child.stopPostgres();
  let outcomes: Outcome[];
  let ready: Awaited<ReturnType<typeof getTimed>>;
  let retryAfter: string | null;
  try {
    [outcomes, ready] = await Promise.all([fireWaves(3, 4), getTimed('/ready')]);
    const res = await fetch(`${child.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ item(id: "${items[0]}") { id } }` }),
    });
    retryAfter = res.headers.get('retry-after');
  } finally {
    await child.startPostgres();
  }
  const startedAt = Date.now();
  const recoveredMs = await recovery(startedAt);
  console.log(`stopped database: ${outcomes.length} requests, slowest answers ${slowest(outcomes)}; served again ${recoveredMs} ms after PostgreSQL accepted connections`);

  expectUnavailable(outcomes);
  expect(retryAfter).toBe('1');
  expect(ready.status).toBe(503);
  expect(ready.ms).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
  expect(recoveredMs).toBeLessThanOrEqual(RECOVER_WITHIN_MS);
  await expectAllWork();
});
