import type { Pool } from 'pg';
import { modelEntries, strategyEntries } from '../src/engine/strategies/registry';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/** Every query of the API over real HTTP, on the demo data (1,200 users, 1,095 movies). */
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

const STRATEGIES = strategyEntries().map((e) => e.apiName);
const SERVED = modelEntries().map((e) => e.apiName);

async function ratedItemIds(userId: string): Promise<Set<string>> {
  const { rows } = await pool.query(
    `SELECT DISTINCT it.external_id FROM interactions i JOIN users u ON u.id = i.user_id JOIN items it ON it.id = i.item_id
      WHERE u.external_id = $1`,
    [userId],
  );
  return new Set(rows.map((r) => r.external_id));
}

const REC_FIELDS = `item { id title year genres } score strategy reasons`;

describe('catalog queries', () => {
  it('item returns one movie with its stats; unknown id is NOT_FOUND', async () => {
    const { rows } = await pool.query(`SELECT external_id, title FROM items WHERE title = 'The Matrix'`);
    const res = await ts.gql(`query($id: ID!) { item(id: $id) { id title year genres ratingCount averageRating } }`, { id: rows[0].external_id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.item).toMatchObject({ id: rows[0].external_id, title: 'The Matrix', year: 1999 });
    expect(res.data!.item.genres).toEqual(expect.arrayContaining(['Action', 'Sci-Fi']));
    const sql = await pool.query(
      `SELECT count(*)::int AS n, avg(value)::float8 AS avg FROM interactions i JOIN items it ON it.id = i.item_id
        WHERE it.external_id = $1 AND kind = 'rating'`,
      [rows[0].external_id],
    );
    expect(res.data!.item.ratingCount).toBe(sql.rows[0].n);
    expect(res.data!.item.averageRating).toBeCloseTo(sql.rows[0].avg, 6);

    const missing = await ts.gql(`{ item(id: "no-such-item") { id } }`);
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('items(search: "matrix") finds The Matrix; a genre filter returns only that genre', async () => {
    const found = await ts.gql(`{ items(search: "matrix", first: 10) { totalCount edges { node { title } } } }`);
    const titles = found.data!.items.edges.map((e: any) => e.node.title);
    expect(titles).toContain('The Matrix');
    expect(titles.every((t: string) => /matrix/i.test(t))).toBe(true);
    expect(found.data!.items.totalCount).toBe(titles.length);

    const horror = await ts.gql(`{ items(genre: "Horror", first: 100) { totalCount edges { node { genres } } } }`);
    const sql = await pool.query(`SELECT count(*)::int AS n FROM items WHERE 'Horror' = ANY(categories)`);
    expect(horror.data!.items.totalCount).toBe(sql.rows[0].n);
    expect(horror.data!.items.edges.length).toBeGreaterThan(0);
    for (const e of horror.data!.items.edges) expect(e.node.genres).toContain('Horror');
  });

  it('paging with after/endCursor walks every item exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = -1;
    for (;;) {
      const res: any = await ts.gql(`query($after: String) { items(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {
        after,
      });
      expect(res.errors).toBeUndefined();
      total = res.data.items.totalCount;
      seen.push(...res.data.items.edges.map((e: any) => e.node.id));
      pages++;
      if (!res.data.items.pageInfo.hasNextPage) break;
      after = res.data.items.pageInfo.endCursor;
      expect(pages).toBeLessThan(50);
    }
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM items`);
    expect(total).toBe(rows[0].n);
    expect(seen).toHaveLength(rows[0].n);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(rows[0].n / 100));
  });

  it('a cursor the API did not issue is BAD_USER_INPUT naming "after"', async () => {
    for (const after of ['garbage!', Buffer.from('c:abc').toString('base64url')]) {
      const res = await ts.gql(`query($after: String) { items(after: $after) { totalCount } }`, { after });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toContain('after');
    }
  });

  it('genres lists the catalog genres alphabetically', async () => {
    const res = await ts.gql(`{ genres }`);
    const { rows } = await pool.query(`SELECT DISTINCT unnest(categories) AS g FROM items ORDER BY g`);
    expect(res.data!.genres).toEqual(rows.map((r) => r.g));
  });
});

describe('users', () => {
  it('user with a ratings connection that pages newest first without duplicates', async () => {
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE kind = 'rating')::int AS ratings, count(*)::int AS all
         FROM interactions i JOIN users u ON u.id = i.user_id WHERE u.external_id = '1'`,
    );
    const q = `query($after: String) { user(id: "1") { id ratingCount interactionCount
      ratings(first: 7, after: $after) { totalCount edges { cursor node { rating ratedAt item { id title } } } pageInfo { hasNextPage endCursor } } } }`;
    const first = await ts.gql(q);
    expect(first.errors).toBeUndefined();
    const u = first.data!.user;
    expect(u.ratingCount).toBe(rows[0].ratings);
    expect(u.interactionCount).toBe(rows[0].all);
    expect(u.ratings.totalCount).toBe(rows[0].ratings);
    expect(u.ratings.edges).toHaveLength(Math.min(7, rows[0].ratings));
    const second = await ts.gql(q, { after: u.ratings.pageInfo.endCursor });
    const ids = [...u.ratings.edges, ...second.data!.user.ratings.edges].map((e: any) => e.node.item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...u.ratings.edges, ...second.data!.user.ratings.edges].map((e: any) => Date.parse(e.node.ratedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const e of u.ratings.edges) expect(e.node.item.title.length).toBeGreaterThan(0);
  });

  it('a ratings cursor with a time PostgreSQL cannot read is BAD_USER_INPUT, not an internal error', async () => {
    for (const raw of ['1|5', 'tomorrow|5', '2020-01-01T00:00:00Z|abc']) {
      const res = await ts.gql(`query($a: String) { user(id: "1") { ratings(after: $a) { totalCount } } }`, { a: Buffer.from(`c:${raw}`).toString('base64url') });
      expect({ raw, code: res.errors?.[0].extensions?.code }).toEqual({ raw, code: 'BAD_USER_INPUT' });
    }
  });

  it('an unknown user is NOT_FOUND with a message saying how to create the user', async () => {
    for (const query of [`{ user(id: "ghost-42") { id } }`, `{ recommendations(userId: "ghost-42") { score } }`]) {
      const res = await ts.gql(query);
      expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
      expect(res.errors![0].message).toMatch(/createUser/);
      expect(res.errors![0].message).toContain('ghost-42');
    }
  });

  it('datasetStats counts equal the SQL counts', async () => {
    const res = await ts.gql(`{ datasetStats { users items interactions ratings density ratingHistogram { rating count } itemPopularity } }`);
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM items)::int AS items,
              (SELECT count(*) FROM interactions)::int AS interactions,
              (SELECT count(*) FROM interactions WHERE kind = 'rating')::int AS ratings`,
    );
    const s = res.data!.datasetStats;
    expect({ users: s.users, items: s.items, interactions: s.interactions, ratings: s.ratings }).toEqual(rows[0]);
    expect(s.users).toBeGreaterThanOrEqual(1200);
    expect(s.items).toBe(1095);
    expect(s.density).toBeCloseTo(rows[0].interactions / (rows[0].users * rows[0].items), 9);
    expect(s.ratingHistogram.reduce((a: number, b: any) => a + b.count, 0)).toBe(rows[0].ratings);
    expect(s.itemPopularity).toHaveLength(rows[0].items);
    expect(s.itemPopularity.reduce((a: number, b: number) => a + b, 0)).toBe(rows[0].interactions);
  });
});

describe('recommendations', () => {
  it.each(STRATEGIES)('%s returns `limit` real titles with reasons, never a rated item', async (strategy) => {
    const rated = await ratedItemIds('1');
    expect(rated.size).toBeGreaterThan(5);
    const res = await ts.gql(`query($s: Strategy!) { recommendations(userId: "1", strategy: $s, limit: 10) { ${REC_FIELDS} } }`, { s: strategy });
    expect(res.errors).toBeUndefined();
    const recs = res.data!.recommendations;
    expect(recs).toHaveLength(10);
    // AUTO resolves to one served model for the whole list, and its first reason says which and why
    const expected = strategy === 'AUTO' ? recs[0].strategy : strategy;
    if (strategy === 'AUTO') expect(SERVED).toContain(expected);
    for (const r of recs) {
      expect(r.strategy).toBe(expected);
      if (strategy === 'AUTO') expect(r.reasons[0]).toMatch(new RegExp(`^Auto: ${expected}, which measured best`));
      expect(r.item.title).toMatch(/\S/);
      expect(r.item.title).not.toMatch(/^item /);
      expect(r.reasons.length).toBeGreaterThan(0);
      for (const reason of r.reasons) expect(reason).toMatch(/\S{3}/);
      expect(rated.has(r.item.id)).toBe(false);
      expect(Number.isFinite(r.score)).toBe(true);
    }
    expect(new Set(recs.map((r: any) => r.item.id)).size).toBe(10);
    const scores = recs.map((r: any) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it.each(STRATEGIES)('%s never returns an excludeItemIds item and respects genre', async (strategy) => {
    const q = `query($s: Strategy!, $ex: [ID!], $g: String) { recommendations(userId: "2", strategy: $s, limit: 8, excludeItemIds: $ex, genre: $g) { ${REC_FIELDS} } }`;
    const base = await ts.gql(q, { s: strategy });
    const exclude = base.data!.recommendations.slice(0, 3).map((r: any) => r.item.id);
    const without = await ts.gql(q, { s: strategy, ex: exclude });
    expect(without.data!.recommendations).toHaveLength(8);
    for (const r of without.data!.recommendations) expect(exclude).not.toContain(r.item.id);

    const comedy = await ts.gql(q, { s: strategy, g: 'Comedy' });
    expect(comedy.errors).toBeUndefined();
    expect(comedy.data!.recommendations).toHaveLength(8);
    for (const r of comedy.data!.recommendations) expect(r.item.genres).toContain('Comedy');
  });

  it('an unknown genre is BAD_USER_INPUT naming the genre field', async () => {
    const res = await ts.gql(`{ recommendations(userId: "1", genre: "Polka") { score } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'genre' });
  });

  it('User.recommendations answers like Query.recommendations', async () => {
    const a = await ts.gql(`{ user(id: "3") { recommendations(strategy: SVD, limit: 5) { item { id } strategy } } }`);
    const b = await ts.gql(`{ recommendations(userId: "3", strategy: SVD, limit: 5) { item { id } strategy } }`);
    expect(a.errors).toBeUndefined();
    expect(a.data!.user.recommendations).toEqual(b.data!.recommendations);
  });

  it('compareStrategies gives one list per strategy', async () => {
    const res = await ts.gql(`{ compareStrategies(userId: "1", limit: 5) { strategy recommendations { item { id title } strategy reasons } } }`);
    expect(res.errors).toBeUndefined();
    const lists = res.data!.compareStrategies;
    expect(lists.map((l: any) => l.strategy).sort()).toEqual([...STRATEGIES].sort());
    for (const l of lists) {
      expect(l.recommendations).toHaveLength(5);
      if (l.strategy !== 'AUTO') for (const r of l.recommendations) expect(r.strategy).toBe(l.strategy);
    }
    const ids = (s: string) =>
      lists
        .find((l: any) => l.strategy === s)
        .recommendations.map((r: any) => r.item.id)
        .join();
    expect(ids('SVD')).not.toBe(ids('POPULARITY')); // the lists are really from different models
  });

  it('AUTO serves user 1 from the active version that measured the best NDCG@K in their history bucket', async () => {
    const res = await ts.gql(`{ user(id: "1") { interactionCount }
      models { strategy active historyBuckets { bucket interactions users ndcgAtK } }
      recommendations(userId: "1", strategy: AUTO, limit: 5) { strategy reasons } }`);
    expect(res.errors).toBeUndefined();
    const n = res.data!.user.interactionCount;
    const bucket = n < 5 ? 'none' : n < 20 ? 'short' : 'long';
    const measured = res.data!.models.filter((m: any) => m.active).map((m: any) => ({ strategy: m.strategy, b: m.historyBuckets.find((x: any) => x.bucket === bucket) }));
    expect(measured.map((m: any) => m.strategy).sort()).toEqual([...SERVED].sort());
    const trusted = measured.filter((m: any) => m.b.users >= 30 && m.b.ndcgAtK !== null).sort((a: any, b: any) => b.b.ndcgAtK - a.b.ndcgAtK);
    expect(trusted.length).toBeGreaterThan(1);
    const rec = res.data!.recommendations[0];
    expect(rec.strategy).toBe(trusted[0].strategy); // user 1 is known to every model, so the best measured can score them
    expect(rec.reasons[0]).toBe(
      `Auto: ${trusted[0].strategy}, which measured best for users with ${trusted[0].b.interactions} interactions ` +
        `(NDCG@K ${trusted[0].b.ndcgAtK.toFixed(3)} vs POPULARITY ${measured.find((m: any) => m.strategy === 'POPULARITY').b.ndcgAtK.toFixed(3)})`,
    );
  });

  it('AUTO answers a user with fewer than 5 interactions from the model measured best for such users, saying so', async () => {
    const created = await ts.gql(`mutation { createUser(input: { id: "newcomer" }) { id } }`, {}, writeHeaders);
    expect(created.errors).toBeUndefined();
    const { rows } = await pool.query(`SELECT external_id FROM items ORDER BY id LIMIT 2`);
    for (const r of rows) {
      const rated = await ts.gql(`mutation($i: ID!) { rateItem(input: { userId: "newcomer", itemId: $i, rating: 4 }) { rating } }`, { i: r.external_id }, writeHeaders);
      expect(rated.errors).toBeUndefined();
    }
    const res = await ts.gql(`{ recommendations(userId: "newcomer", strategy: AUTO, limit: 10) { ${REC_FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recommendations).toHaveLength(10);
    const chosen = res.data!.recommendations[0].strategy;
    for (const rec of res.data!.recommendations) {
      expect(rec.strategy).toBe(chosen);
      expect(rec.reasons.join(' ')).toMatch(new RegExp(`Auto: ${chosen}.*users with fewer than 5 interactions`));
      expect(rows.map((r) => r.external_id)).not.toContain(rec.item.id);
    }
  });

  it('a user with no interactions gets POPULARITY on AUTO, with a cold-start reason', async () => {
    expect((await ts.gql(`mutation { createUser(input: { id: "blank-slate" }) { id } }`, {}, writeHeaders)).errors).toBeUndefined();
    const res = await ts.gql(`{ recommendations(userId: "blank-slate", strategy: AUTO, limit: 10) { ${REC_FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recommendations).toHaveLength(10);
    for (const rec of res.data!.recommendations) {
      expect(rec.strategy).toBe('POPULARITY');
      expect(rec.reasons[0]).toMatch(/Cold start: popular with everyone \(you have no interactions yet/);
    }
  });
});

describe('similar and popular items', () => {
  it('similarItems and Item.similar return other real items; unknown item is NOT_FOUND', async () => {
    const { rows } = await pool.query(`SELECT external_id FROM items WHERE title = 'The Matrix'`);
    const id = rows[0].external_id;
    const res = await ts.gql(`query($id: ID!) { similarItems(itemId: $id, limit: 5) { id title } item(id: $id) { similar(limit: 5) { id title } } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.similarItems).toHaveLength(5);
    expect(res.data!.similarItems.map((i: any) => i.id)).not.toContain(id);
    expect(res.data!.item.similar).toEqual(res.data!.similarItems);
    const missing = await ts.gql(`{ similarItems(itemId: "nope") { id } }`);
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('popularItems ranks by popularity; trending gives a list too; genre respected', async () => {
    const res = await ts.gql(`{ popular: popularItems(limit: 10) { id title ratingCount }
      trending: popularItems(limit: 10, trending: true) { id title }
      drama: popularItems(limit: 5, genre: "Drama") { genres } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.popular).toHaveLength(10);
    expect(res.data!.trending).toHaveLength(10);
    for (const d of res.data!.drama) expect(d.genres).toContain('Drama');
    // the most popular items are well-rated by many: the top one has more ratings than the median item
    const { rows } = await pool.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median FROM (SELECT count(*) AS n FROM interactions WHERE kind = 'rating' GROUP BY item_id) t`,
    );
    expect(res.data!.popular[0].ratingCount).toBeGreaterThan(Number(rows[0].median));
  });
});

describe('no N+1', () => {
  /** counts the statements the server's own pool runs during one request (calls still go through) */
  async function statementsFor(query: string): Promise<{ count: number; res: any; statements: string[] }> {
    const serverPool = ts.server.db.pool as unknown as { query: (...a: unknown[]) => unknown };
    const original = serverPool.query;
    const statements: string[] = [];
    serverPool.query = function (this: unknown, ...args: unknown[]) {
      // beside the request run the rate limiter's once-a-second sync with the other replicas, the
      // catalog's and users' fallback checks, the model poll, the job runner, and the impression
      // recorder's batched INSERT of earlier lists (off the request path): not the request's statements
      const text = String((args[0] as { text?: string })?.text ?? args[0]);
      if (!/rate_limit_counts|catalog fingerprint|user fingerprint|training_jobs|model_versions|INSERT INTO impressions/.test(text))
        statements.push(text.replace(/\s+/g, ' ').slice(0, 120));
      return original.apply(this, args);
    };
    try {
      const res = await ts.gql(query);
      return { count: statements.length, res, statements };
    } finally {
      serverPool.query = original;
    }
  }

  it("a recommendations query asking each item's genres and averageRating runs a small constant number of statements", async () => {
    const q = (n: number) => `{ recommendations(userId: "11", strategy: SVD, limit: ${n}) { item { title genres averageRating ratingCount } } }`;
    const counts: number[] = [];
    // (a user's first list reads them and their history; the counts compare lists after that)
    await ts.gql(`{ recommendations(userId: "11", limit: 1) { score } }`);
    for (const n of [5, 10, 20]) {
      const { count, res } = await statementsFor(q(n));
      expect(res.errors).toBeUndefined();
      expect(res.data.recommendations).toHaveLength(n);
      expect(res.data.recommendations.every((r: any) => typeof r.item.averageRating === 'number')).toBe(true);
      counts.push(count);
    }
    expect(counts[0]).toBeGreaterThan(0); // the counter really sees the server's statements
    expect(counts[1]).toBeLessThanOrEqual(1); // averageRating and ratingCount: one batched read
    expect(counts[2]).toBe(counts[0]);
  });

  it('an uncached recommendations list of a known user runs 0 statements, on every strategy', async () => {
    // the user is read once, on first use; from then on this replica holds them and their history
    await ts.gql(`{ recommendations(userId: "12", limit: 1) { score } }`);
    const first = await ts.gql(`{ recommendations(userId: "12", strategy: POPULARITY, limit: 30) { item { id } } }`);
    const popular: string[] = first.data!.recommendations.map((r: any) => r.item.id);
    for (const [n, strategy] of STRATEGIES.entries()) {
      // a fresh excludeItemIds per request: never answered from the list cache
      const query = `{ recommendations(userId: "12", strategy: ${strategy}, limit: 10, excludeItemIds: ["${popular[n]}"]) { item { id title displayTitle genres year } score strategy reasons } }`;
      const { res, statements } = await statementsFor(query);
      expect(res.errors).toBeUndefined();
      expect(res.data.recommendations).toHaveLength(10);
      expect(res.data.recommendations.map((r: any) => r.item.id)).not.toContain(popular[n]);
      expect({ strategy, statements }).toEqual({ strategy, statements: [] });
    }
    // and they are the user's lists: nothing they interacted with
    const seen = await ratedItemIds('12');
    const { res } = await statementsFor(`{ recommendations(userId: "12", strategy: SVD, limit: 50, excludeItemIds: ["x"]) { item { id } } }`);
    for (const r of res.data.recommendations) expect(seen.has(r.item.id)).toBe(false);
  });

  const LIST_ITEM = `id title displayTitle genres categories year publishedAt description hidden attributes`;

  it('similarItems and popularItems show their items from memory: 0 statements, the same rows the database holds', async () => {
    const { rows } = await pool.query(`SELECT external_id FROM items WHERE title = 'The Matrix'`);
    for (const query of [
      `{ list: popularItems(limit: 20) { ${LIST_ITEM} } }`,
      `{ list: popularItems(limit: 20, trending: true, categories: ["Drama"]) { ${LIST_ITEM} } }`,
      `{ list: similarItems(itemId: "${rows[0].external_id}", limit: 20) { ${LIST_ITEM} } }`,
    ]) {
      const { res, statements } = await statementsFor(query);
      expect(res.errors).toBeUndefined();
      expect(res.data.list).toHaveLength(20);
      expect(statements).toEqual([]);
      // what memory showed is what the database holds (the item query reads the database)
      const ids = res.data.list.map((i: any) => i.id);
      const fromDb = await ts.gql(`{ ${ids.map((id: string, n: number) => `i${n}: item(id: ${JSON.stringify(id)}) { ${LIST_ITEM} }`).join(' ')} }`);
      expect(fromDb.errors).toBeUndefined();
      expect(res.data.list).toEqual(ids.map((_: string, n: number) => fromDb.data![`i${n}`]));
    }
  });
});
