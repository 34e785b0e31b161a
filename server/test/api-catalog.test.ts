import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { ImportFormatError } from '../src/data/importers/generic/format-error';
import { importGeneric } from '../src/data/importers/generic/import-to-db';
import { modelEntries, strategyEntries } from '../src/engine/strategies/registry';
import { createQuietLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { createKey, openPool } from './support/api-keys';
import type { GraphQLResponse } from './support/server';
import { startTestServer, type TestServer } from './support/server';

/**
 * The catalog and user APIs over real HTTP on the demo data, with a second replica on the same
 * database: upsertItems, deleteItem, upsertUsers, deleteUser (erasure), and what serving does with
 * them — hidden and deleted items in no list on either replica, new items recommendable at once,
 * erased users forgotten by every model on every replica.
 */
jest.setTimeout(180_000);

let ts: TestServer;
let replica: RunningServer;
let pool: Pool;
let auth: Record<string, string>;

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
  auth = (await createKey(pool, 'write')).headers;
  // the replica's fallback checks (model versions, catalog) are pushed out of the test's reach, so
  // whatever reaches it below was carried by a PostgreSQL notification
  replica = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: ts.db.url, seedDemo: true }, createQuietLogger(), {
    modelSyncPollMs: 24 * 3600_000,
    showFirstAdminKey: () => undefined,
  });
  await replica.waitUntilReady(120_000);
}, 240_000);

afterAll(async () => {
  await replica?.close();
  await pool?.end();
  await ts?.close();
});

const STRATEGIES = strategyEntries().map((e) => e.apiName);
const SERVED = modelEntries().map((e) => e.apiName);

const mut = (query: string, variables: Record<string, unknown> = {}) => ts.gql(query, variables, auth);

/** a query on the second replica */
async function onReplica<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${replica.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { ...((await res.json()) as GraphQLResponse<T>), status: res.status };
}

const poll = async <T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms: number, every = 10): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms; last value: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, every));
  }
};

/** a digest of every item row (computed in SQL), so a refused write can be shown to change nothing */
const itemsDigest = async () => (await pool.query(`SELECT count(*)::int AS n, coalesce(sum(hashtext(i::text)::bigint), 0)::text AS digest FROM items i`)).rows[0];
const usersDigest = async () => (await pool.query(`SELECT count(*)::int AS n, coalesce(sum(hashtext(u::text)::bigint), 0)::text AS digest FROM users u`)).rows[0];

const UPSERT = `mutation($inputs: [ItemInput!]!) { upsertItems(inputs: $inputs) { id title categories description publishedAt hidden attributes year } }`;
const UPSERT_USERS = `mutation($inputs: [UserInput!]!) { upsertUsers(inputs: $inputs) { id labels } }`;

describe('upsertItems', () => {
  it('creates items with every field, in the order given; Query.item reads them', async () => {
    const res = await mut(UPSERT, {
      inputs: [
        {
          id: 'shop-1',
          title: 'Blue Kettle',
          categories: ['Kitchen', 'Tea'],
          description: 'Boils water.',
          publishedAt: '2024-03-01T10:00:00Z',
          attributes: { price: 25, brand: 'Acme' },
        },
        { id: 'shop-2', title: 'Red Mug' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertItems).toEqual([
      {
        id: 'shop-1',
        title: 'Blue Kettle',
        categories: ['Kitchen', 'Tea'],
        description: 'Boils water.',
        publishedAt: '2024-03-01T10:00:00.000Z',
        hidden: false,
        attributes: { price: 25, brand: 'Acme' },
        year: 2024,
      },
      { id: 'shop-2', title: 'Red Mug', categories: [], description: null, publishedAt: null, hidden: false, attributes: null, year: null },
    ]);
    const read = await ts.gql(`{ item(id: "shop-1") { title categories hidden attributes } }`);
    expect(read.data!.item).toEqual({ title: 'Blue Kettle', categories: ['Kitchen', 'Tea'], hidden: false, attributes: { price: 25, brand: 'Acme' } });
  });

  it('an update keeps the fields left out and clears those given as null', async () => {
    const kept = await mut(UPSERT, { inputs: [{ id: 'shop-1', title: 'Blue Kettle 2' }] });
    expect(kept.errors).toBeUndefined();
    expect(kept.data!.upsertItems[0]).toMatchObject({
      title: 'Blue Kettle 2',
      categories: ['Kitchen', 'Tea'],
      description: 'Boils water.',
      publishedAt: '2024-03-01T10:00:00.000Z',
      attributes: { price: 25, brand: 'Acme' },
    });
    const cleared = await mut(UPSERT, {
      inputs: [{ id: 'shop-1', title: 'Blue Kettle 2', categories: null, description: null, publishedAt: null, attributes: null, hidden: null }],
    });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.upsertItems[0]).toEqual({
      id: 'shop-1',
      title: 'Blue Kettle 2',
      categories: [],
      description: null,
      publishedAt: null,
      hidden: false,
      attributes: null,
      year: null,
    });
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM items WHERE external_id = 'shop-1'`);
    expect(rows[0].n).toBe(1);
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each([
    ['id', { id: '', title: 'T' }, 'inputs[1].id'],
    ['id', { id: long(129), title: 'T' }, 'inputs[1].id'],
    ['id', { id: ' padded', title: 'T' }, 'inputs[1].id'],
    ['title', { id: 'bad-1', title: '' }, 'inputs[1].title'],
    ['title', { id: 'bad-1', title: '   ' }, 'inputs[1].title'],
    ['title', { id: 'bad-1', title: long(501) }, 'inputs[1].title'],
    ['description', { id: 'bad-1', title: 'T', description: long(10_001) }, 'inputs[1].description'],
    ['categories', { id: 'bad-1', title: 'T', categories: ['a|b'] }, 'inputs[1].categories[0]'],
    ['categories', { id: 'bad-1', title: 'T', categories: ['Tea', 'tea'] }, 'inputs[1].categories[1]'],
    ['categories', { id: 'bad-1', title: 'T', categories: [''] }, 'inputs[1].categories[0]'],
    ['categories', { id: 'bad-1', title: 'T', categories: Array.from({ length: 101 }, (_, i) => `c${i}`) }, 'inputs[1].categories'],
    ['attributes', { id: 'bad-1', title: 'T', attributes: [1, 2] }, 'inputs[1].attributes'],
    ['attributes', { id: 'bad-1', title: 'T', attributes: 'text' }, 'inputs[1].attributes'],
    ['attributes', { id: 'bad-1', title: 'T', attributes: { blob: long(17_000) } }, 'inputs[1].attributes'],
    ['id', { id: 'shop-2', title: 'Twice' }, 'inputs[1].id'],
  ])('a bad %s (case %#) is BAD_USER_INPUT naming its field; nothing written', async (_what, bad, field) => {
    const before = await itemsDigest();
    const res = await mut(UPSERT, { inputs: [{ id: 'shop-2', title: 'Red Mug, renamed' }, bad] });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0].message).toContain(field.replace(/\[\d+\]$/, ''));
    expect(await itemsDigest()).toEqual(before);
  });

  // the same value through upsertItems/upsertUsers (HTTP) and through the generic importer (a JSON Lines
  // file into this database): refused by both, with the same words after each one's prefix
  it.each([
    ['items', { id: 'same-1', title: 'Kettle', categories: [' Tea'] }, 'inputs[0].categories[0]'],
    ['items', { id: 'same-1', title: 'Kettle', categories: Array.from({ length: 101 }, (_, i) => `c${i}`) }, 'inputs[0].categories'],
    ['items', { id: 'same-1', title: 'Kettle', categories: ['Tea', 'TEA'] }, 'inputs[0].categories[1]'],
    ['items', { id: 'same-1', title: 'Kettle', attributes: { blob: 'x'.repeat(17_000) } }, 'inputs[0].attributes'],
    ['items', { id: 'same-1', title: '   ' }, 'inputs[0].title'],
    ['items', { id: ' same-1', title: 'Kettle' }, 'inputs[0].id'],
    ['items', { id: 'same\u200b1', title: 'Kettle' }, undefined],
    ['users', { id: 'same-u', labels: ['vip', 'vip'] }, 'inputs[0].labels[1]'],
    ['users', { id: 'same-u', labels: ['a|b'] }, 'inputs[0].labels[0]'],
  ] as const)('%s %# : refused by the API and by the importer in the same words; nothing written', async (kind, value, field) => {
    const digest = kind === 'items' ? itemsDigest : usersDigest;
    const before = await digest();
    const res = await mut(kind === 'items' ? UPSERT : UPSERT_USERS, { inputs: [value] });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...(field ? { field } : {}) });
    // inputs[0].field: …, or (an id with an invisible character, refused by the ID scalar, which graphql-js
    // words as Variable "$inputs" got invalid value … ; ID "…" …) the words after ID "…"
    const api = /(?:^inputs\[0\]\.\w+: |; ID "[^"]*" )([\s\S]+)$/.exec(res.errors![0].message);
    expect(api).not.toBeNull();

    const dir = mkdtempSync(join(tmpdir(), 'same-rules-'));
    try {
      const file = join(dir, `${kind}.jsonl`);
      writeFileSync(file, `${JSON.stringify(value)}\n`);
      const failed = await importGeneric(pool, { [kind]: file }).then(
        () => null,
        (e: Error) => e,
      );
      expect(failed).toBeInstanceOf(ImportFormatError);
      const imported = new RegExp(`^${kind}\\.jsonl:1:\\d+ \\w+: ([\\s\\S]+)$`).exec(failed!.message);
      expect(imported).not.toBeNull();
      expect(imported![1]).toBe(api![1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await digest()).toEqual(before);
  });

  it('1,000 items with one bad entry write nothing; 1,000 good ones are written; 1,001 are refused', async () => {
    const batch = Array.from({ length: 1000 }, (_, n) => ({ id: `bulk-${n}`, title: `Bulk item ${n}`, categories: ['Bulk'] }));
    const before = await itemsDigest();
    const bad = batch.map((b, n) => (n === 777 ? { ...b, title: '' } : b));
    const refused = await mut(UPSERT, { inputs: bad });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[777].title' });
    expect(await itemsDigest()).toEqual(before);

    const tooMany = await mut(UPSERT, { inputs: [...batch, { id: 'bulk-1000', title: 'One too many' }] });
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs' });
    expect(tooMany.errors![0].message).toMatch(/1,000/);
    expect(await itemsDigest()).toEqual(before);

    const ok = await mut(`mutation($inputs: [ItemInput!]!) { upsertItems(inputs: $inputs) { id } }`, { inputs: batch });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.upsertItems.map((i: { id: string }) => i.id)).toEqual(batch.map((b) => b.id));
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM items WHERE external_id LIKE 'bulk-%' AND categories = '{Bulk}'`);
    expect(rows[0].n).toBe(1000);
    // …and serving knows them at once (a category only they carry is a valid filter)
    const listed = await ts.gql(`{ popularItems(limit: 5, categories: ["bulk"]) { id } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.popularItems).toHaveLength(5);
  });

  it('needs a write key', async () => {
    const anonymous = await ts.gql(UPSERT, { inputs: [{ id: 'nope', title: 'T' }] });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const read = await createKey(pool, 'read');
    const forbidden = await ts.gql(UPSERT, { inputs: [{ id: 'nope', title: 'T' }] }, read.headers);
    expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
    const del = await ts.gql(`mutation { deleteItem(id: "shop-2") }`, {}, read.headers);
    expect(del.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await pool.query(`SELECT 1 FROM items WHERE external_id IN ('nope')`)).rowCount).toBe(0);
  });
});

/** every list an item could appear in, on one replica: each strategy's recommendations for some users, popular, trending, similar */
async function listsOn(gql: (q: string, v?: Record<string, unknown>) => Promise<GraphQLResponse>, users: string[], similarOf: string[]): Promise<Map<string, string[]>> {
  const lists = new Map<string, string[]>();
  const parts: string[] = [];
  for (const [u, user] of users.entries()) {
    for (const s of STRATEGIES) parts.push(`r_${s}_${u}: recommendations(userId: "${user}", strategy: ${s}, limit: 100) { item { id } }`);
  }
  parts.push(`popular: popularItems(limit: 100) { id }`, `trending: popularItems(limit: 100, trending: true) { id }`);
  for (const [n, id] of similarOf.entries())
    parts.push(`similar_${n}: similarItems(itemId: "${id}", limit: 100) { id }`, `field_${n}: item(id: "${id}") { similar(limit: 100) { id } }`);
  // in pieces, under the query cost limit
  for (let i = 0; i < parts.length; i += 4) {
    const res = await gql(`{ ${parts.slice(i, i + 4).join('\n')} }`);
    expect(res.errors).toBeUndefined();
    for (const [name, value] of Object.entries(res.data!)) {
      const list = (Array.isArray(value) ? value : (value as { similar: unknown[] }).similar) as { id?: string; item?: { id: string } }[];
      lists.set(
        name,
        list.map((x) => x.id ?? x.item!.id),
      );
    }
  }
  return lists;
}

const holding = (lists: Map<string, string[]>, id: string) => [...lists].filter(([, ids]) => ids.includes(id)).map(([name]) => name);
const gqlOn = (server: 'main' | 'replica') => (q: string, v?: Record<string, unknown>) => (server === 'main' ? ts.gql(q, v) : onReplica(q, v));

describe('hidden items', () => {
  let target: string;
  let neighbour: string;
  const users = ['3', '8', '21'];

  beforeAll(async () => {
    // the most popular item not yet rated by the users: in many lists of every kind
    const popular = (await ts.gql(`{ popularItems(limit: 30) { id } }`)).data!.popularItems.map((i: { id: string }) => i.id) as string[];
    const { rows } = await pool.query(
      `SELECT DISTINCT it.external_id FROM interactions x JOIN users u ON u.id = x.user_id JOIN items it ON it.id = x.item_id WHERE u.external_id = ANY($1)`,
      [users],
    );
    const seen = new Set(rows.map((r) => r.external_id));
    target = popular.find((id) => !seen.has(id))!;
    neighbour = (await ts.gql(`query($id: ID!) { similarItems(itemId: $id, limit: 1) { id } }`, { id: target })).data!.similarItems[0].id;
  });

  it('a hidden item is in no list of any strategy, nor similar, on either replica; still readable by id', async () => {
    const before = await listsOn(gqlOn('main'), users, [neighbour]);
    const had = holding(before, target);
    // it really was in lists of every kind, so its absence below means something
    expect(had).toEqual(expect.arrayContaining(['popular', 'trending', 'similar_0', 'field_0']));
    expect(had.filter((n) => n.startsWith('r_')).length).toBeGreaterThanOrEqual(SERVED.length);

    const hidden = await mut(UPSERT, { inputs: [{ id: target, title: (await ts.gql(`{ item(id: "${target}") { title } }`)).data!.item.title, hidden: true }] });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data!.upsertItems[0].hidden).toBe(true);

    expect(holding(await listsOn(gqlOn('main'), users, [neighbour]), target)).toEqual([]);
    // the other replica: within a second or so, by notification alone
    const t0 = Date.now();
    await poll(
      () => onReplica(`{ popularItems(limit: 100) { id } }`),
      (r) => !r.data!.popularItems.some((i: { id: string }) => i.id === target),
      5_000,
    );
    console.log(`hidden item left the other replica's lists after ${Date.now() - t0} ms`);
    expect(holding(await listsOn(gqlOn('replica'), users, [neighbour]), target)).toEqual([]);

    for (const gql of [gqlOn('main'), gqlOn('replica')]) {
      const read = await gql(`query($id: ID!) { item(id: $id) { id hidden } }`, { id: target });
      expect(read.data!.item).toEqual({ id: target, hidden: true });
    }
    // lists still hold `limit` items: hiding filters before the top is taken
    expect((await ts.gql(`{ popularItems(limit: 100) { id } }`)).data!.popularItems).toHaveLength(100);
  });

  it('unhiding brings it back on both replicas', async () => {
    const res = await mut(UPSERT, { inputs: [{ id: target, title: (await ts.gql(`{ item(id: "${target}") { title } }`)).data!.item.title, hidden: false }] });
    expect(res.errors).toBeUndefined();
    const back = (r: GraphQLResponse) => r.data!.popularItems.some((i: { id: string }) => i.id === target);
    expect(back(await ts.gql(`{ popularItems(limit: 30) { id } }`))).toBe(true);
    await poll(() => onReplica(`{ popularItems(limit: 30) { id } }`), back, 5_000);
    expect(holding(await listsOn(gqlOn('replica'), users, [neighbour]), target)).toEqual(expect.arrayContaining(['popular', 'similar_0']));
  });
});

describe('new items', () => {
  it("a new item is recommendable at once: popularItems and a cold user's list show it, on both replicas", async () => {
    const res = await mut(UPSERT, { inputs: [{ id: 'fresh-1', title: 'Fresh Arrival', categories: ['Fresh Arrivals'], publishedAt: new Date().toISOString() }] });
    expect(res.errors).toBeUndefined();
    const q = `{ popularItems(limit: 5, categories: ["Fresh Arrivals"]) { id } trending: popularItems(limit: 5, trending: true, categories: ["fresh arrivals"]) { id } }`;
    const here = await ts.gql(q);
    expect(here.errors).toBeUndefined();
    expect(here.data).toEqual({ popularItems: [{ id: 'fresh-1' }], trending: [{ id: 'fresh-1' }] });
    await poll(
      () => onReplica(q),
      (r) => r.data?.popularItems?.[0]?.id === 'fresh-1',
      5_000,
    );

    // someone interacts with it: it ranks by those interactions, and a cold user's list can hold it
    await mut(`mutation { createUser(input: { id: "fresh-fan" }) { id } }`);
    const rated = await mut(`mutation { rateItem(input: { userId: "fresh-fan", itemId: "fresh-1", rating: 5 }) { rating } }`);
    expect(rated.errors).toBeUndefined();
    await mut(`mutation { createUser(input: { id: "fresh-cold" }) { id } }`);
    const cold = await ts.gql(`{ recommendations(userId: "fresh-cold", strategy: POPULARITY, limit: 3, categories: ["Fresh Arrivals"]) { item { id } } }`);
    expect(cold.data!.recommendations).toEqual([{ item: { id: 'fresh-1' } }]);
    // the fan has seen it: never recommended to them
    const fan = await ts.gql(`{ recommendations(userId: "fresh-fan", strategy: POPULARITY, limit: 3, categories: ["Fresh Arrivals"]) { item { id } } }`);
    expect(fan.data!.recommendations).toEqual([]);
  });
});

describe('deleteItem', () => {
  it('removes the item and its interactions everywhere; NOT_FOUND for an unknown id', async () => {
    const popular = (await ts.gql(`{ popularItems(limit: 3) { id } }`)).data!.popularItems.map((i: { id: string }) => i.id);
    const id = popular[2];
    const {
      rows: [{ key }],
    } = await pool.query(`SELECT id::text AS key FROM items WHERE external_id = $1`, [id]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM interactions WHERE item_id = $1`, [key])).rows[0].n).toBeGreaterThan(0);
    await onReplica(`{ popularItems(limit: 3) { id } }`);

    const res = await mut(`mutation($id: ID!) { deleteItem(id: $id) }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.deleteItem).toBe(id);
    expect((await pool.query(`SELECT count(*)::int AS n FROM items WHERE id = $1`, [key])).rows[0].n).toBe(0);
    expect((await pool.query(`SELECT count(*)::int AS n FROM interactions WHERE item_id = $1`, [key])).rows[0].n).toBe(0);
    expect((await ts.gql(`query($id: ID!) { item(id: $id) { id } }`, { id })).errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(holding(await listsOn(gqlOn('main'), ['3'], [popular[0]]), id)).toEqual([]);
    await poll(
      () => onReplica(`{ popularItems(limit: 3) { id } }`),
      (r) => !r.data!.popularItems.some((i: { id: string }) => i.id === id),
      5_000,
    );
    expect(holding(await listsOn(gqlOn('replica'), ['3'], [popular[0]]), id)).toEqual([]);

    const again = await mut(`mutation($id: ID!) { deleteItem(id: $id) }`, { id });
    expect(again.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});

describe('upsertUsers', () => {
  it('creates and updates users with labels; left-out labels are kept, null clears them', async () => {
    const res = await mut(UPSERT_USERS, { inputs: [{ id: 'shopper-1', labels: ['vip', 'newsletter'] }, { id: 'shopper-2' }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertUsers).toEqual([
      { id: 'shopper-1', labels: ['vip', 'newsletter'] },
      { id: 'shopper-2', labels: [] },
    ]);
    const kept = await mut(UPSERT_USERS, { inputs: [{ id: 'shopper-1' }] });
    expect(kept.data!.upsertUsers).toEqual([{ id: 'shopper-1', labels: ['vip', 'newsletter'] }]);
    const cleared = await mut(UPSERT_USERS, { inputs: [{ id: 'shopper-1', labels: null }] });
    expect(cleared.data!.upsertUsers).toEqual([{ id: 'shopper-1', labels: [] }]);
    expect((await ts.gql(`{ user(id: "shopper-2") { id labels } }`)).data!.user).toEqual({ id: 'shopper-2', labels: [] });
  });

  it.each([
    [{ id: '' }, 'inputs[1].id'],
    [{ id: 'x'.repeat(129) }, 'inputs[1].id'],
    [{ id: 'ok', labels: ['a|b'] }, 'inputs[1].labels[0]'],
    [{ id: 'ok', labels: ['same', 'same'] }, 'inputs[1].labels[1]'],
    [{ id: 'shopper-2' }, 'inputs[1].id'],
  ])('a bad entry %p is BAD_USER_INPUT naming %p; nothing written', async (bad, field) => {
    const before = await usersDigest();
    const res = await mut(UPSERT_USERS, { inputs: [{ id: 'shopper-2', labels: ['changed'] }, bad] });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await usersDigest()).toEqual(before);
  });

  it('1,000 users with one bad entry write nothing; 1,001 are refused', async () => {
    const batch = Array.from({ length: 1000 }, (_, n) => ({ id: `bulk-user-${n}`, labels: ['bulk'] }));
    const before = await usersDigest();
    const refused = await mut(UPSERT_USERS, { inputs: batch.map((b, n) => (n === 500 ? { ...b, labels: [' padded'] } : b)) });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[500].labels[0]' });
    const tooMany = await mut(UPSERT_USERS, { inputs: [...batch, { id: 'bulk-user-1000' }] });
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs' });
    expect(await usersDigest()).toEqual(before);
  });
});

describe('deleteUser (erasure)', () => {
  /** every (table, column) with a foreign key to users */
  async function referencingColumns(): Promise<{ table: string; column: string }[]> {
    const { rows } = await pool.query(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass`,
    );
    return rows;
  }

  /** tables (other than model_versions' artifacts, see the README) whose rows mention the text anywhere */
  async function tablesMentioning(text: string): Promise<string[]> {
    const { rows: tables } = await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    const out: string[] = [];
    for (const { tablename } of tables) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${tablename}" t WHERE t::text LIKE $1`, [`%${text}%`]);
      if (rows[0].n) out.push(tablename);
    }
    return out;
  }

  it('leaves no row of the user in any table, and every replica stops serving their list within 2 s', async () => {
    // a user every model was trained with, with a list cached on the other replica
    const user = '17';
    const {
      rows: [{ key }],
    } = await pool.query(`SELECT id::text AS key FROM users WHERE external_id = $1`, [user]);
    for (const s of SERVED) {
      const list = await onReplica(`{ recommendations(userId: "${user}", strategy: ${s}, limit: 5) { strategy } }`);
      expect(list.data!.recommendations).toHaveLength(5);
      if (s !== 'POPULARITY') expect(list.data!.recommendations[0].strategy).toBe(s); // personalized: the model knows them
    }
    const servedOn = (server: RunningServer) => server.services.recommendations.servedModels();
    const known = (server: RunningServer) =>
      servedOn(server)
        .filter((m) => m.userIndex(user) >= 0)
        .map((m) => m.strategy);
    expect(known(replica).sort()).toEqual([...SERVED].sort());
    const oldIndex = Object.fromEntries(servedOn(replica).map((m) => [m.strategy, m.userIndex(user)]));
    // the user's neighbours (USER_CF): someone whose list the erased user may have shaped
    const columns = await referencingColumns();
    expect(columns).toEqual(expect.arrayContaining([{ table: 'interactions', column: 'user_id' }]));

    const t0 = Date.now();
    const res = await mut(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: user });
    expect(res.errors).toBeUndefined();
    expect(res.data!.deleteUser).toBe(user);
    // the writing replica has forgotten them before answering
    expect(known(ts.server)).toEqual([]);
    // the other replica, by notification alone, within 2 s
    await poll(
      () => known(replica),
      (k) => k.length === 0,
      2_000,
      5,
    );
    const forgotten = Date.now() - t0;
    const answer = await poll(
      () => onReplica(`{ recommendations(userId: "${user}", limit: 5) { score } }`),
      (r) => r.errors?.[0]?.extensions?.code === 'NOT_FOUND',
      2_000,
      5,
    );
    console.log(`erasure: the other replica's models forgot the user ${forgotten} ms after deleteUser was sent; its API answered NOT_FOUND after ${Date.now() - t0} ms`);
    expect(answer.errors![0].extensions!.code).toBe('NOT_FOUND');
    // every model forgot the index itself (not only the id): no factors, row or neighbour use left
    for (const m of servedOn(replica)) {
      const i = oldIndex[m.strategy];
      if (m.strategy !== 'POPULARITY') expect(m.model.canScore(i)).toBe(false);
    }

    expect((await pool.query(`SELECT count(*)::int AS n FROM users WHERE external_id = $1`, [user])).rows[0].n).toBe(0);
    for (const { table, column } of columns) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [key]);
      expect({ table, rows: rows[0].n }).toEqual({ table, rows: 0 });
    }
    const again = await mut(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: user });
    expect(again.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('a user with a distinctive id leaves no trace in any table', async () => {
    const id = `erase-me-${Date.now()}`;
    await mut(UPSERT_USERS, { inputs: [{ id, labels: ['to-be-erased'] }] });
    const items = (await ts.gql(`{ popularItems(limit: 3) { id } }`)).data!.popularItems;
    for (const it of items) await mut(`mutation($u: ID!, $i: ID!) { rateItem(input: { userId: $u, itemId: $i, rating: 4 }) { rating } }`, { u: id, i: it.id });
    await mut(`mutation($u: ID!, $i: ID!) { recordInteraction(input: { userId: $u, itemId: $i, kind: "view", idempotencyKey: "${id}-view" }) { id } }`, { u: id, i: items[0].id });
    expect((await tablesMentioning(id)).sort()).toEqual(['interactions', 'users']); // it is there before (a user row; an idempotency key)
    const res = await mut(`mutation($id: ID!) { deleteUser(id: $id) }`, { id });
    expect(res.errors).toBeUndefined();
    expect(await tablesMentioning(id)).toEqual([]);
    expect(await tablesMentioning('to-be-erased')).toEqual([]);
  });

  it('an erased id taken again starts afresh, also on a replica that starts after the erasure', async () => {
    const user = '17';
    const created = await mut(`mutation { createUser(input: { id: "${user}" }) { id } }`);
    expect(created.errors).toBeUndefined();
    const svd = await ts.gql(`{ recommendations(userId: "${user}", strategy: SVD, limit: 3) { strategy reasons } }`);
    expect(svd.data!.recommendations.map((r: { strategy: string }) => r.strategy)).toEqual(['POPULARITY', 'POPULARITY', 'POPULARITY']);
    expect(svd.data!.recommendations[0].reasons[0]).toMatch(/^Cold start/);
    // a process loading the same versions (trained before the erasure) never serves what they learned of the old user
    const third = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: ts.db.url, seedDemo: true }, createQuietLogger(), {
      modelSyncPollMs: 24 * 3600_000,
      showFirstAdminKey: () => undefined,
    });
    try {
      await third.waitUntilReady(120_000);
      for (const m of third.services.recommendations.servedModels()) expect({ strategy: m.strategy, index: m.userIndex(user) }).toEqual({ strategy: m.strategy, index: -1 });
      for (const m of third.services.recommendations.servedModels()) expect({ strategy: m.strategy, index: m.userIndex('23') >= 0 }).toEqual({ strategy: m.strategy, index: true });
    } finally {
      await third.close();
    }
  });
});
