import { main as keyCli } from '../src/cli/key';
import { startChildServer, type ChildServer } from './support/child-server';

/**
 * /health, /ready, /metrics, request ids, and UNAVAILABLE while the database is down: the server
 * runs as a child process on a PostgreSQL of its own, which this test stops and restarts.
 */
let srv: ChildServer;
let writeKey: string; // the in-memory key the server hands its web client
let storedKey: string; // a key in the database, which must be looked up per request

beforeAll(async () => {
  srv = await startChildServer();
  writeKey = ((await (await fetch(`${srv.url}/client-config.json`)).json()) as { apiKey: string }).apiKey;
  // the CLI shares the PostgreSQL already running on the server's DATA_DIR
  let out = '';
  const code = await keyCli(['create', '--scope', 'write', '--name', 'obs'], { stdout: (s) => (out += s), stderr: () => undefined, env: { DATA_DIR: srv.dataDir } });
  expect(code).toBe(0);
  storedKey = out.trim().split('\n').pop()!;
}, 200_000);

afterAll(async () => {
  await srv?.close();
});

async function gql(query: string, headers: Record<string, string> = {}) {
  const t0 = Date.now();
  const res = await fetch(`${srv.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, ms: Date.now() - t0, ...body };
}

const RECS = `{ recommendations(userId: "1", limit: 5) { item { title } strategy } }`;
/** never asked before the database stops: a cached list may rightly be served from memory */
const UNCACHED_RECS = `{ recommendations(userId: "7", strategy: USER_CF, limit: 6) { item { title } strategy } }`;
const RATE = `mutation { rateItem(input: { userId: "1", itemId: "1", rating: 4 }) { rating } }`;

describe('health, readiness, metrics, request ids', () => {
  it('/health is 200 with the database up; /ready is 200 once models are loaded', async () => {
    const health = await fetch(`${srv.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });
    const ready = await fetch(`${srv.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, database: 'up' });
  });

  it('/metrics has request and recommendation latency after a request, and errors by code after an error', async () => {
    const ok = await gql(RECS);
    expect(ok.errors).toBeUndefined();
    const missing = await gql(`{ user(id: "no-such-user") { id } }`);
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
    const res = await fetch(`${srv.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^tastegraph_graphql_request_duration_seconds_count\{[^}]*operation="recommendations"[^}]*\} [1-9]/m);
    // labelled by the model that produced the list (AUTO resolves to one)
    const producer = ok.data!.recommendations[0].strategy;
    expect(text).toMatch(new RegExp(`^tastegraph_recommendation_duration_seconds_count\\{strategy="${producer}"\\} [1-9]`, 'm'));
    expect(text).toMatch(/^tastegraph_graphql_errors_total\{code="NOT_FOUND"\} [1-9]/m);
  });

  it('x-request-id is echoed when sent and generated when not', async () => {
    const sent = await fetch(`${srv.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-abc-123' },
      body: JSON.stringify({ query: '{ genres }' }),
    });
    expect(sent.headers.get('x-request-id')).toBe('trace-abc-123');
    const generated = await fetch(`${srv.url}/health`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the database goes away and comes back', () => {
  it('answers UNAVAILABLE within 2 s while it is down, /ready 503 naming it, and recovers without a restart', async () => {
    expect((await gql(RECS)).errors).toBeUndefined();
    await srv.stopPostgres();
    try {
      for (const [query, headers] of [
        [UNCACHED_RECS, {}],
        [RATE, { authorization: `Bearer ${writeKey}` }],
        [RATE, { authorization: `Bearer ${storedKey}` }],
        [`{ datasetStats { users } }`, {}],
      ] as const) {
        const res = await gql(query, headers);
        expect({ query, code: res.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'UNAVAILABLE' });
        expect(res.ms).toBeLessThan(2000);
        expect(res.status).toBeLessThan(500 + 4); // 503 at most: never a 500
        expect(res.status).not.toBe(500);
        expect(res.errors![0].message).toMatch(/database/i);
      }
      const t0 = Date.now();
      const ready = await fetch(`${srv.url}/ready`);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as Record<string, unknown>;
      expect(body.database).toBe('down');
      expect(JSON.stringify(body.reasons)).toMatch(/database/);
      const health = await fetch(`${srv.url}/health`);
      expect(health.status).toBe(200); // liveness: the process is fine, do not restart it
    } finally {
      await srv.startPostgres();
    }
    // the pool reconnects by itself
    let last: Awaited<ReturnType<typeof gql>> | null = null;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      last = await gql(RECS);
      if (!last.errors) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(last!.errors).toBeUndefined();
    expect(last!.data.recommendations).toHaveLength(5);
    for (const key of [writeKey, storedKey]) {
      const rated = await gql(RATE, { authorization: `Bearer ${key}` });
      expect(rated.errors).toBeUndefined();
    }
    expect((await fetch(`${srv.url}/ready`)).status).toBe(200);
  });
});
