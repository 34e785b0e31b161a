import type { Pool } from 'pg';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/** Query.tasteMap over real HTTP, on the demo data (models trained at start). */
let ts: TestServer;
let pool: Pool;
let writeHeaders: Record<string, string>;

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
  writeHeaders = (await createKey(pool, 'write')).headers;
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const MAP = `query($s: Strategy!, $u: ID, $l: Int) {
  tasteMap(strategy: $s, userId: $u, limit: $l) {
    strategy modelVersionId explainedVariance
    items { item { id title } x y popularity rated recommended }
    user { x y }
  }
}`;

async function ratedItemIds(userId: string): Promise<string[]> {
  const { rows } = await pool.query(
    `SELECT DISTINCT it.external_id FROM interactions i JOIN users u ON u.id = i.user_id JOIN items it ON it.id = i.item_id WHERE u.external_id = $1`,
    [userId],
  );
  return rows.map((r) => r.external_id);
}

/** the strategies the server says have a map (from the served models' capability, not a list here) */
async function mappable(): Promise<string[]> {
  const res = await ts.gql(`{ strategies { name hasTasteMap } }`);
  expect(res.errors).toBeUndefined();
  return res.data!.strategies.filter((s: any) => s.hasTasteMap).map((s: any) => s.name);
}

describe('tasteMap', () => {
  it('is offered for the factor models (SVD and ALS) and nothing else', async () => {
    const names = await mappable();
    expect(names).toEqual(expect.arrayContaining(['SVD', 'ALS']));
    expect(names).not.toContain('POPULARITY');
    expect(names).not.toContain('AUTO');
  });

  it.each(['SVD', 'ALS'])("maps the catalog for user 1 on %s: finite coordinates, the user's rated and recommended items flagged", async (strategy) => {
    const res = await ts.gql(MAP, { s: strategy, u: '1', l: 300 });
    expect(res.errors).toBeUndefined();
    const map = res.data!.tasteMap;
    expect(map.strategy).toBe(strategy);
    expect(map.modelVersionId).toMatch(/^\d+$/);
    expect(map.explainedVariance).toHaveLength(2);
    expect(map.explainedVariance[0]).toBeGreaterThan(0);
    expect(map.explainedVariance[0]).toBeGreaterThanOrEqual(map.explainedVariance[1]);
    expect(map.explainedVariance[0] + map.explainedVariance[1]).toBeLessThanOrEqual(1 + 1e-9);
    for (const p of map.items) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(p.popularity).toBeGreaterThanOrEqual(0);
    }
    expect(Number.isFinite(map.user.x) && Number.isFinite(map.user.y)).toBe(true);
    // every item once
    const ids = map.items.map((p: any) => p.item.id);
    expect(new Set(ids).size).toBe(ids.length);

    // the user's ratings are all on it and flagged (the demo's models know every demo item)
    const rated = await ratedItemIds('1');
    expect(rated.length).toBeGreaterThan(0);
    const flaggedRated = map.items.filter((p: any) => p.rated).map((p: any) => p.item.id);
    expect(new Set(flaggedRated)).toEqual(new Set(rated));

    // the same top-10 the recommendations query gives, flagged
    const recs = await ts.gql(`query($s: Strategy!) { recommendations(userId: "1", strategy: $s, limit: 10) { item { id } } }`, { s: strategy });
    const recIds = recs.data!.recommendations.map((r: any) => r.item.id);
    expect(recIds).toHaveLength(10);
    const flaggedRecs = map.items.filter((p: any) => p.recommended).map((p: any) => p.item.id);
    expect(new Set(flaggedRecs)).toEqual(new Set(recIds));
    // the popular part: 300 items beside the extras, most interactions first
    const plain = map.items.filter((p: any) => !p.rated && !p.recommended);
    expect(plain.length).toBeLessThanOrEqual(300);
    const pops = map.items.slice(0, 300).map((p: any) => p.popularity);
    expect(pops).toEqual([...pops].sort((a, b) => b - a));

    // computed once per version: the second answer is the same map
    const again = await ts.gql(MAP, { s: strategy, u: '1', l: 300 });
    expect(again.data!.tasteMap).toEqual(map);
  });

  it('without a user: the `limit` most popular items, no user position', async () => {
    const res = await ts.gql(`{ tasteMap(strategy: SVD, limit: 25) { items { popularity rated recommended } user { x } } }`);
    expect(res.errors).toBeUndefined();
    const items = res.data!.tasteMap.items;
    expect(items).toHaveLength(25);
    expect(items.every((p: any) => !p.rated && !p.recommended)).toBe(true);
    expect(res.data!.tasteMap.user).toBeNull();
  });

  it("a user's new rating moves only the user: the items keep their coordinates", async () => {
    const before = (await ts.gql(MAP, { s: 'SVD', u: '2', l: 50 })).data!.tasteMap;
    const unrated = before.items.find((p: any) => !p.rated);
    const rate = await ts.gql(`mutation($i: ID!) { rateItem(input: { userId: "2", itemId: $i, rating: 5 }) { rating } }`, { i: unrated.item.id }, writeHeaders);
    expect(rate.errors).toBeUndefined();
    const after = (await ts.gql(MAP, { s: 'SVD', u: '2', l: 50 })).data!.tasteMap;
    expect(after.modelVersionId).toBe(before.modelVersionId);
    expect(after.items.find((p: any) => p.item.id === unrated.item.id)).toMatchObject({ x: unrated.x, y: unrated.y, rated: true });
    expect(after.user).not.toEqual(before.user);
  });

  it('refuses a strategy without latent factors, naming the ones that have a map', async () => {
    const names = await mappable();
    const { strategies } = (await ts.gql(`{ strategies { name } }`)).data!;
    const refused = strategies.map((s: any) => s.name).filter((n: string) => !names.includes(n));
    expect(refused.length).toBeGreaterThan(0);
    for (const s of refused) {
      const res = await ts.gql(`query($s: Strategy!) { tasteMap(strategy: $s) { strategy } }`, { s });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toContain(s);
      for (const n of names) expect(res.errors![0].message).toContain(n);
    }
  });

  it('an unknown user is NOT_FOUND; limit outside 1..2000 is BAD_USER_INPUT', async () => {
    const missing = await ts.gql(`{ tasteMap(strategy: SVD, userId: "no-such-user") { strategy } }`);
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
    for (const l of [0, 2001]) {
      const res = await ts.gql(`query($l: Int) { tasteMap(strategy: ALS, limit: $l) { strategy } }`, { l });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/"limit" must be between 1 and 2000/);
    }
    // the largest map is within the default cost limit
    const big = await ts.gql(`{ tasteMap(strategy: ALS, limit: 2000) { items { item { id title } x y popularity } } }`);
    expect(big.errors).toBeUndefined();
  });
});
