import type { Pool } from 'pg';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/** Query depth, cost, list caps, body size, batching, bad JSON, rate limit, introspection, stack traces. */
let ts: TestServer; // defaults (production: no stack traces)
let limited: TestServer; // 5 requests per minute, introspection off
let dev: TestServer; // NODE_ENV=development: stack traces allowed
let pool: Pool;
let limitedPool: Pool;

beforeAll(async () => {
  [ts, limited, dev] = await Promise.all([
    startTestServer({ nodeEnv: 'production' }),
    startTestServer({ rateLimitPerMinute: 5, introspection: false, graphqlIde: false }),
    startTestServer({ nodeEnv: 'development' }),
  ]);
  pool = openPool(ts.db.url);
  limitedPool = openPool(limited.db.url);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await limitedPool?.end();
  await Promise.all([ts?.close(), limited?.close(), dev?.close()]);
});

/** a raw POST, for bodies gql() cannot send */
async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* asserted by the caller */
  }
  return { status: res.status, json, text };
}

describe('query depth and cost', () => {
  it('a query deeper than MAX_QUERY_DEPTH is QUERY_TOO_COMPLEX with a 4xx status, before anything runs', async () => {
    let sel = 'id';
    for (let n = 0; n < 12; n++) sel = `similar(limit: 1) { ${sel} }`;
    const res = await ts.gql(`{ item(id: "1") { ${sel} } }`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0].message).toMatch(/limit is 10/);
    expect(res.data).toBeUndefined();
  });

  it('a query at the depth limit is not refused for depth', async () => {
    let sel = 'id';
    for (let n = 0; n < 8; n++) sel = `similar(limit: 1) { ${sel} }`;
    const res = await ts.gql(`{ item(id: "1") { ${sel} } }`); // 10 levels: item + 8 similar + id
    expect(res.errors![0].extensions!.code).toBe('NOT_FOUND'); // empty catalog; it did run
  });

  it('many aliases of recommendations(limit: 100) are QUERY_TOO_COMPLEX with a 4xx status', async () => {
    const aliases = Array.from({ length: 120 }, (_, n) => `r${n}: recommendations(userId: "1", limit: 100) { item { title } score }`);
    const res = await ts.gql(`{ ${aliases.join('\n')} }`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0].message).toMatch(/cost \d+ exceeds the limit of 20000/);
  });

  it('one query text costed again with other variables answers each time as a first request would', async () => {
    // costs are remembered per parsed document and the values of the variables that size lists or
    // skip fields (limits.ts): a remembered cost within the limit must never let a larger one through
    const aliases = Array.from({ length: 120 }, (_, n) => `r${n}: recommendations(userId: "1", limit: $n) @include(if: $on) { item { title } score }`);
    const q = `query Q($n: Int = 100, $on: Boolean = true) { ${aliases.join('\n')} }`;
    const code = async (variables: Record<string, unknown>) => (await ts.gql(q, variables)).errors?.[0].extensions?.code;
    for (let round = 0; round < 2; round++) {
      expect(await code({ n: 1 })).toBe('NOT_FOUND'); // within the limit: it ran (no user "1")
      expect(await code({ n: 100 })).toBe('QUERY_TOO_COMPLEX');
      expect(await code({})).toBe('QUERY_TOO_COMPLEX'); // the default, 100
      expect(await code({ n: 100, on: false })).toBeUndefined(); // every field skipped
      expect(await code({ n: 1, on: true })).toBe('NOT_FOUND');
      expect(await code({ n: 'many' })).toBe('BAD_USER_INPUT');
    }
  });

  it('GraphQL answers say cache-control: no-store, errors included', async () => {
    for (const query of ['{ __typename }', '{ item(id: "nope") { id } }', '{ nope }']) {
      const res = await fetch(`${ts.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect({ query, cacheControl: res.headers.get('cache-control') }).toEqual({ query, cacheControl: 'no-store' });
    }
  });

  it('limit: 10000 is BAD_USER_INPUT naming limit and the maximum, whatever the selection', async () => {
    const queries = [
      `{ recommendations(userId: "1", limit: 10000) { score } }`,
      `{ recommendations(userId: "1", limit: 10000) { item { title year genres averageRating } score reasons } }`,
      `{ popularItems(limit: 10000) { id title } }`,
      `{ similarItems(itemId: "1", limit: 10000) { id title } }`,
      `{ compareStrategies(userId: "1", limit: 10000) { strategy recommendations { item { title } } } }`,
    ];
    for (const q of queries) {
      const res = await ts.gql(q);
      expect({ q, code: res.errors?.[0].extensions?.code }).toEqual({ q, code: 'BAD_USER_INPUT' });
      expect(res.errors![0].message).toContain('limit');
      expect(res.errors![0].message).toContain('100');
    }
    const first = await ts.gql(`{ items(first: 10000) { totalCount } }`);
    expect(first.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(first.errors![0].message).toMatch(/first.*100/);
  });
});

describe('HTTP body', () => {
  it('a body over MAX_BODY_BYTES is 413 with a coded JSON error', async () => {
    const body = JSON.stringify({ query: `{ genres }`, variables: { pad: 'x'.repeat(1_100_000) } });
    const res = await post(ts.url, body);
    expect(res.status).toBe(413);
    expect(res.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.json.errors[0].message).toMatch(/1000000 bytes/);
  });

  it('a batched array body is refused with a 4xx', async () => {
    const res = await post(ts.url, JSON.stringify([{ query: '{ genres }' }, { query: '{ genres }' }]));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Array.isArray(res.json)).toBe(false);
  });

  it('invalid JSON is 400 with a coded JSON error and no stack trace', async () => {
    const res = await post(ts.url, '{"query": "{ genres }"');
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });
});

describe('rate limit', () => {
  it('the 6th request in a minute (per key) is RATE_LIMITED with 429 and Retry-After; another key is unaffected', async () => {
    const a = await createKey(limitedPool, 'read');
    const b = await createKey(limitedPool, 'read');
    for (let n = 0; n < 5; n++) {
      const ok = await limited.gql(`{ genres }`, {}, a.headers);
      expect(ok.status).toBe(200);
    }
    const res = await fetch(`${limited.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...a.headers },
      body: JSON.stringify({ query: '{ genres }' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await limited.gql(`{ genres }`, {}, b.headers)).status).toBe(200);
  });

  it('made-up keys rotated from one IP count against that IP and are refused once it is over', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 7; n++) {
      const res = await fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer tg_fake${n}${'x'.repeat(30)}` },
        body: JSON.stringify({ query: '{ genres }' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe('introspection and error hygiene', () => {
  it('introspection works by default and can be turned off', async () => {
    const q = `{ __schema { queryType { name } types { name } } }`;
    const on = await ts.gql(q);
    expect(on.errors).toBeUndefined();
    expect(on.data!.__schema.types.map((t: any) => t.name)).toEqual(expect.arrayContaining(['Item', 'Recommendation', 'Strategy']));
    const off = await limited.gql(`{ __schema { queryType { name } } }`);
    expect(off.errors?.length).toBeGreaterThan(0);
    expect(off.data).toBeUndefined();
  });

  it('in production no error carries a stack trace, internal ones included; development shows it', async () => {
    const client = [
      `{ item(id: "none") { id } }`, // NOT_FOUND
      `{ items(first: 0) { totalCount } }`, // BAD_USER_INPUT
      `{ nope }`, // validation
      `{ genres `, // parse
    ];
    for (const q of client) {
      const res = await ts.gql(q);
      expect(res.errors!.length).toBeGreaterThan(0);
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+/);
    }
    // a real internal error: the table the query needs is gone for a moment
    const devPool = openPool(dev.db.url);
    try {
      for (const p of [pool, devPool]) await p.query(`ALTER TABLE items RENAME TO items_gone`);
      const prod = await ts.gql(`{ items { totalCount } }`);
      expect(prod.errors![0].extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(prod.errors![0].message).toBe('Internal server error');
      expect(JSON.stringify(prod)).not.toMatch(/stacktrace|items_gone|relation|\.ts:\d+|\.js:\d+/);
      const devRes = await dev.gql(`{ items { totalCount } }`);
      expect(devRes.errors![0].extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(devRes.errors![0].extensions)).toMatch(/stacktrace/);
    } finally {
      for (const p of [pool, devPool]) await p.query(`ALTER TABLE items_gone RENAME TO items`);
      await devPool.end();
    }
  });
});
