import type { Pool } from 'pg';
import { strategyEntries } from '../src/engine/strategies/registry';
import { openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/**
 * Business filters on every list over real HTTP, on the demo data (movies: categories are genres,
 * publishedAt is 1 January of the release year): categories ANY/ALL, publishedAfter, offset paging,
 * applied before the top items are chosen, so a list holds `limit` items whenever that many match.
 */
jest.setTimeout(120_000);

let ts: TestServer;
let pool: Pool;

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const STRATEGIES = strategyEntries().map((e) => e.apiName);
const USER = '5';

interface Listed {
  id: string;
  categories: string[];
  publishedAt: string | null;
}

const REC = `query($s: Strategy!, $limit: Int!, $offset: Int, $c: [String!], $m: CategoryMatch, $after: DateTime) {
  recommendations(userId: "${USER}", strategy: $s, limit: $limit, offset: $offset, categories: $c, categoryMatch: $m, publishedAfter: $after) {
    item { id categories publishedAt }
  }
}`;

async function recommend(strategy: string, vars: Record<string, unknown>): Promise<Listed[]> {
  const res = await ts.gql(REC, { s: strategy, ...vars });
  expect(res.errors).toBeUndefined();
  return res.data!.recommendations.map((r: { item: Listed }) => r.item);
}

/** items matching a filter that the user has not interacted with (what a list may hold) */
async function available(where: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM items i WHERE NOT i.hidden AND (${where})
        AND NOT EXISTS (SELECT 1 FROM interactions x JOIN users u ON u.id = x.user_id WHERE x.item_id = i.id AND u.external_id = $1)`,
    [USER, ...params],
  );
  return rows[0].n;
}

const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('categories', () => {
  it.each(STRATEGIES)('%s: ANY gives `limit` items each in one of the categories', async (strategy) => {
    expect(await available(`i.categories && $2::text[]`, [['Horror', 'Western']])).toBeGreaterThan(30);
    const list = await recommend(strategy, { limit: 30, c: ['horror', 'Western'] });
    expect(list).toHaveLength(30);
    for (const it of list) expect(lower(it.categories).some((c) => c === 'horror' || c === 'western')).toBe(true);
  });

  it.each(STRATEGIES)('%s: ALL gives `limit` items each in every category', async (strategy) => {
    expect(await available(`i.categories @> $2::text[]`, [['Comedy', 'Romance']])).toBeGreaterThan(20);
    const list = await recommend(strategy, { limit: 20, c: ['Comedy', 'Romance'], m: 'ALL' });
    expect(list).toHaveLength(20);
    for (const it of list) expect(it.categories).toEqual(expect.arrayContaining(['Comedy', 'Romance']));
  });

  it.each(STRATEGIES)('%s: a narrow filter gives every matching item up to the limit (filtered before the top is taken)', async (strategy) => {
    const narrow = ['Animation', 'Musical'];
    const n = await available(`i.categories @> $2::text[]`, [narrow]);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(40);
    const list = await recommend(strategy, { limit: 40, c: narrow, m: 'ALL' });
    expect(list).toHaveLength(n);
    for (const it of list) expect(it.categories).toEqual(expect.arrayContaining(narrow));
  });

  it('an unknown category is BAD_USER_INPUT listing the known ones; genre stays a deprecated alias', async () => {
    const res = await ts.gql(`{ recommendations(userId: "${USER}", categories: ["Comedy", "Polka"]) { score } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'categories' });
    expect(res.errors![0].message).toMatch(/Unknown category "Polka".*Known categories: .*Comedy/);
    const genre = await ts.gql(`{ popularItems(genre: "Polka") { id } }`);
    expect(genre.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'genre' });
    expect(genre.errors![0].message).toMatch(/Unknown genre "Polka"/);
    const both = await ts.gql(`{ popularItems(genre: "Comedy", categories: ["Drama"]) { id } }`);
    expect(both.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'genre' });

    const alias = await ts.gql(`{ a: recommendations(userId: "${USER}", strategy: SVD, genre: "Comedy") { item { id } }
      b: recommendations(userId: "${USER}", strategy: SVD, categories: ["Comedy"]) { item { id } }
      c: popularItems(genre: "Comedy") { id } d: popularItems(categories: ["comedy"]) { id } }`);
    expect(alias.errors).toBeUndefined();
    expect(alias.data!.a).toEqual(alias.data!.b);
    expect(alias.data!.c).toEqual(alias.data!.d);
  });
});

describe('publishedAfter', () => {
  it.each(STRATEGIES)('%s: only items published after the moment, `limit` of them', async (strategy) => {
    const after = '2010-06-01T00:00:00Z';
    expect(await available(`i.published_at > $2::timestamptz`, [after])).toBeGreaterThan(20);
    const list = await recommend(strategy, { limit: 20, after });
    expect(list).toHaveLength(20);
    for (const it of list) expect(Date.parse(it.publishedAt!)).toBeGreaterThan(Date.parse(after));
    const both = await recommend(strategy, { limit: 5, after, c: ['Drama'] });
    expect(both).toHaveLength(5);
    for (const it of both) {
      expect(Date.parse(it.publishedAt!)).toBeGreaterThan(Date.parse(after));
      expect(it.categories).toContain('Drama');
    }
  });
});

describe('paging', () => {
  it.each(STRATEGIES)('%s: page 2 continues page 1 without overlap, filtered or not', async (strategy) => {
    for (const filter of [{}, { c: ['Drama', 'Thriller'] }]) {
      const whole = await recommend(strategy, { limit: 30, ...filter });
      const one = await recommend(strategy, { limit: 15, offset: 0, ...filter });
      const two = await recommend(strategy, { limit: 15, offset: 15, ...filter });
      expect(whole).toHaveLength(30);
      expect([...ids(one), ...ids(two)]).toEqual(ids(whole));
      expect(new Set([...ids(one), ...ids(two)]).size).toBe(30);
    }
  });

  it('popularItems (popular and trending) and similarItems page the same way and take the filters', async () => {
    const { rows } = await pool.query(`SELECT external_id FROM items WHERE title = 'The Matrix'`);
    const matrix = rows[0].external_id;
    for (const field of ['popularItems(', 'popularItems(trending: true, ', `similarItems(itemId: "${matrix}", `]) {
      const q = (args: string) => `{ list: ${field}${args}) { id categories publishedAt } }`;
      const get = async (args: string) => {
        const res = await ts.gql(q(args));
        expect(res.errors).toBeUndefined();
        return res.data!.list as Listed[];
      };
      const whole = await get('limit: 40');
      const pages = [...(await get('limit: 20, offset: 0')), ...(await get('limit: 20, offset: 20'))];
      expect(whole).toHaveLength(40);
      expect(ids(pages)).toEqual(ids(whole));
      expect(ids(whole)).not.toContain(matrix);

      const action = await get('limit: 25, categories: ["Action", "Sci-Fi"], categoryMatch: ALL');
      expect(action).toHaveLength(25);
      for (const it of action) expect(it.categories).toEqual(expect.arrayContaining(['Action', 'Sci-Fi']));
      const recent = await get('limit: 25, publishedAfter: "2005-01-01T00:00:00Z"');
      expect(recent).toHaveLength(25);
      for (const it of recent) expect(Date.parse(it.publishedAt!)).toBeGreaterThan(Date.parse('2005-01-01T00:00:00Z'));
    }
  });

  it('offset + limit beyond 500, or a negative offset, is BAD_USER_INPUT; exactly 500 is fine', async () => {
    for (const q of [
      `{ recommendations(userId: "${USER}", limit: 10, offset: 491) { score } }`,
      `{ popularItems(limit: 100, offset: 401) { id } }`,
      `{ similarItems(itemId: "1", limit: 1, offset: 500) { id } }`,
    ]) {
      const res = await ts.gql(q);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
      expect(res.errors![0].message).toMatch(/500/);
    }
    const negative = await ts.gql(`{ popularItems(offset: -1) { id } }`);
    expect(negative.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    const deepest = await ts.gql(`{ popularItems(limit: 100, offset: 400) { id } }`);
    expect(deepest.errors).toBeUndefined();
    expect(deepest.data!.popularItems).toHaveLength(100);
  });
});

describe('cached lists', () => {
  it('a list cached without a filter is never answered for a filtered request, nor one filter for another', async () => {
    const plain = await recommend('SVD', { limit: 10 });
    const any = await recommend('SVD', { limit: 10, c: ['Comedy', 'Romance'] });
    const all = await recommend('SVD', { limit: 10, c: ['Comedy', 'Romance'], m: 'ALL' });
    const recent = await recommend('SVD', { limit: 10, c: ['Comedy', 'Romance'], m: 'ALL', after: '2000-01-01T00:00:00Z' });
    const page = await recommend('SVD', { limit: 10, offset: 10 });
    expect(plain.some((it) => !it.categories.includes('Comedy') && !it.categories.includes('Romance'))).toBe(true);
    for (const it of any) expect(it.categories.includes('Comedy') || it.categories.includes('Romance')).toBe(true);
    expect(any.some((it) => !(it.categories.includes('Comedy') && it.categories.includes('Romance')))).toBe(true);
    for (const it of all) expect(it.categories).toEqual(expect.arrayContaining(['Comedy', 'Romance']));
    expect(all.some((it) => Date.parse(it.publishedAt!) <= Date.parse('2000-01-01T00:00:00Z'))).toBe(true);
    for (const it of recent) expect(Date.parse(it.publishedAt!)).toBeGreaterThan(Date.parse('2000-01-01T00:00:00Z'));
    expect(ids(page).filter((id) => ids(plain).includes(id))).toEqual([]);
    // …and asked again, each is the same list (from the cache or not)
    expect(await recommend('SVD', { limit: 10, c: ['Comedy', 'Romance'], m: 'ALL' })).toEqual(all);
  });
});
