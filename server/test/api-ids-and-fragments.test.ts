/**
 * Two papercuts of hostile input, over real HTTP: ids with invisible text-direction or zero-width
 * characters are refused with BAD_USER_INPUT naming the character and where it is, on every id
 * argument and input field; and thousands of fragment spreads are refused with one coded error
 * naming the limit, instead of graphql-js's bare "Validation aborted.".
 */
import type { Pool } from 'pg';
import { createKey, openPool } from './support/api-keys';
import { postRaw, type RawResponse } from './support/hardening-http';
import { startTestServer, type TestServer } from './support/server';

jest.setTimeout(120_000);

let ts: TestServer;
let pool: Pool;
let auth: Record<string, string>;
let itemId: string;

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true, rateLimitPerMinute: 0, trainingWorker: false }, { waitForModels: false });
  pool = openPool(ts.db.url);
  auth = { authorization: `Bearer ${(await createKey(pool, 'admin')).key}` };
  itemId = (await pool.query<{ id: string }>('SELECT external_id AS id FROM items ORDER BY id LIMIT 1')).rows[0].id;
});

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const post = (query: string, variables?: unknown, headers: Record<string, string> = {}) => postRaw(`${ts.url}/graphql`, JSON.stringify({ query, variables }), headers, 30_000);
const errorsOf = (r: RawResponse) => (r.json as { errors?: { message: string; extensions?: Record<string, unknown> }[] })?.errors ?? [];

// U+202A–U+202E, U+2066–U+2069 (embeddings, overrides, isolates), U+200B–U+200D, U+2060, U+FEFF (zero width)
const INVISIBLE = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f'];
const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

describe('ids with invisible text-direction or zero-width characters', () => {
  // every way an id reaches the API: each ID argument, each ID input field, a list of ids
  const places: { name: string; send: (id: string) => Promise<RawResponse> }[] = [
    { name: 'user(id)', send: (id) => post('query ($id: ID!) { user(id: $id) { id } }', { id }) },
    { name: 'item(id)', send: (id) => post('query ($id: ID!) { item(id: $id) { id } }', { id }) },
    { name: 'recommendations(userId)', send: (id) => post('query ($id: ID!) { recommendations(userId: $id) { score } }', { id }) },
    { name: 'recommendations(excludeItemIds)', send: (id) => post('query ($x: [ID!]) { recommendations(userId: "1", excludeItemIds: $x) { score } }', { x: ['1', id] }) },
    { name: 'compareStrategies(userId)', send: (id) => post('query ($id: ID!) { compareStrategies(userId: $id) { strategy } }', { id }) },
    { name: 'similarItems(itemId)', send: (id) => post('query ($id: ID!) { similarItems(itemId: $id) { id } }', { id }) },
    { name: 'modelVersion(id)', send: (id) => post('query ($id: ID!) { modelVersion(id: $id) { id } }', { id }) },
    { name: 'trainingJob(id)', send: (id) => post('query ($id: ID!) { trainingJob(id: $id) { id } }', { id }) },
    { name: 'activateModel(id)', send: (id) => post('mutation ($id: ID!) { activateModel(id: $id) { id } }', { id }, auth) },
    { name: 'cancelTrainingJob(id)', send: (id) => post('mutation ($id: ID!) { cancelTrainingJob(id: $id) { id } }', { id }, auth) },
    { name: 'createUser(input.id)', send: (id) => post('mutation ($id: ID!) { createUser(input: { id: $id }) { id } }', { id }, auth) },
    { name: 'rateItem(input.userId)', send: (id) => post('mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }', { i: { userId: id, itemId, rating: 4 } }, auth) },
    { name: 'rateItem(input.itemId)', send: (id) => post('mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }', { i: { userId: '1', itemId: id, rating: 4 } }, auth) },
    {
      name: 'recordInteractions(inputs[].itemId)',
      send: (id) =>
        post(
          'mutation ($xs: [RecordInteractionInput!]!) { recordInteractions(inputs: $xs) { id } }',
          {
            xs: [
              { userId: '1', itemId, kind: 'view' },
              { userId: '1', itemId: id, kind: 'view' },
            ],
          },
          auth,
        ),
    },
    {
      name: 'upsertItems(inputs[].id)',
      send: (id) =>
        post(
          'mutation ($xs: [ItemInput!]!) { upsertItems(inputs: $xs) { id } }',
          {
            xs: [
              { id: 'fine-item', title: 'T' },
              { id, title: 'T' },
            ],
          },
          auth,
        ),
    },
    { name: 'deleteItem(id)', send: (id) => post('mutation ($id: ID!) { deleteItem(id: $id) }', { id }, auth) },
    { name: 'upsertUsers(inputs[].id)', send: (id) => post('mutation ($xs: [UserInput!]!) { upsertUsers(inputs: $xs) { id } }', { xs: [{ id: 'fine-user' }, { id }] }, auth) },
    { name: 'deleteUser(id)', send: (id) => post('mutation ($id: ID!) { deleteUser(id: $id) }', { id }, auth) },
    { name: 'user(id) written in the query', send: (id) => post(`{ user(id: ${JSON.stringify(id)}) { id } }`) },
    { name: 'createUser(input.id) written in the query', send: (id) => post(`mutation { createUser(input: { id: ${JSON.stringify(id)} }) { id } }`, undefined, auth) },
  ];

  test.each(places.map((p) => [p.name, p] as const))('%s: BAD_USER_INPUT naming each character and its position', async (_name, place) => {
    for (const c of INVISIBLE) {
      const r = await place.send(`ab${c}cd`);
      const errors = errorsOf(r);
      const summary = { char: hex(c), status: r.status, codes: errors.map((e) => e.extensions?.code) };
      expect(summary).toEqual({ ...summary, status: 400, codes: ['BAD_USER_INPUT'] });
      expect(errors[0].message).toContain(`(${hex(c)}) at character 3`);
      expect(errors[0].message).toContain(`"ab${hex(c)}cd"`);
      expect(r.text).not.toContain(c); // the answer itself never carries the character raw
    }
  });

  test('nothing was written, and ordinary non-ASCII ids still work', async () => {
    expect((await pool.query(`SELECT count(*)::int AS n FROM users WHERE external_id LIKE 'ab%cd' OR external_id = 'fine-user'`)).rows[0].n).toBe(0);
    expect((await pool.query(`SELECT count(*)::int AS n FROM items WHERE external_id LIKE 'ab%cd' OR external_id = 'fine-item'`)).rows[0].n).toBe(0);
    for (const id of ['José-ñ', 'مستخدم-1', '用户-😀', 'a b']) {
      const r = await post('mutation ($id: ID!) { createUser(input: { id: $id }) { id } }', { id }, auth);
      expect({ id, errors: errorsOf(r) }).toEqual({ id, errors: [] });
      expect(errorsOf(await post('query ($id: ID!) { user(id: $id) { id } }', { id }))).toEqual([]);
    }
  });
});

describe('thousands of fragment spreads', () => {
  const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
  const shapes: [string, () => string][] = [
    ['5,000 spreads of one fragment', () => `{ item(id: "${itemId}") { ${many(5000, () => '...F')} } } fragment F on Item { id }`],
    ['5,000 different fragments', () => `{ item(id: "${itemId}") { ${many(5000, (i) => `...F${i}`)} } } ${many(5000, (i) => `fragment F${i} on Item { id }`)}`],
    ['5,000 spreads of an unknown fragment', () => `{ item(id: "${itemId}") { ${many(5000, () => '...Nope')} } }`],
    ['5,000 inline fragments', () => `{ item(id: "${itemId}") { ${many(5000, () => '... on Item { id }')} } }`],
    ['5,000 spreads of a root fragment', () => `{ ${many(5000, () => '...Q')} } fragment Q on Query { popularItems(limit: 1) { id } }`],
  ];

  test.each(shapes)('%s: 400 with one QUERY_TOO_COMPLEX error naming the limit', async (_name, query) => {
    const r = await post(query());
    expect(r.status).toBe(400);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', fragments: 5000, maxFragments: 200 });
    expect(errors[0].message).toMatch(/5000 fragment spreads and inline fragments; at most 200 are allowed/);
  });

  test('a query under the limit is answered', async () => {
    const r = await post(`{ item(id: "${itemId}") { ${many(150, () => '...F')} } } fragment F on Item { id title }`);
    expect(errorsOf(r)).toEqual([]);
    expect(r.json).toMatchObject({ data: { item: { id: itemId } } });
  });

  test("graphql-js's stop after 100 errors says so and what to do", async () => {
    const r = await post(`{ item(id: "${itemId}") { ${many(150, () => '...Nope')} } }`);
    expect(r.status).toBe(400);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(101);
    expect(errors.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expect(errors[100].message).toBe('Validation stopped after 100 errors; fix the errors listed before this one and send the query again.');
  });

  test("graphql-js's own budget give-up (one field asked 2,000 times) is coded too and says what to do", async () => {
    const r = await post(`{ item(id: "${itemId}") { ${many(2000, () => 'id')} } }`);
    expect(r.status).toBe(400);
    const errors = errorsOf(r);
    expect(errors.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errors[0].message).toMatch(/too large to validate.*Ask for each field once/);
    expect(errors[0].message).not.toBe('Validation aborted.');
  });
});
