/**
 * Feedback types over real HTTP (issue 12, item 3): the declared types, setFeedbackType (admin),
 * recordInteraction(s) refusing undeclared kinds and taking value (weight as its deprecated alias),
 * NEGATIVE events removing the item from the user's lists, NEUTRAL ones stored and counted but not
 * learned from, a changed weight reaching the next training's dataset, and the dashboard's counts.
 */
import type { Pool } from 'pg';
import { DEFAULT_FEEDBACK_TYPES } from '../src/engine/dataset/feedback';
import type { Dataset } from '../src/engine/dataset/dataset';
import { modelEntries } from '../src/engine/strategies/registry';
import { loadDataset } from '../src/training/load-dataset';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

const SERVED = modelEntries().map((e) => e.apiName);

let ts: TestServer;
let pool: Pool;
let write: Record<string, string>;
let admin: Record<string, string>;
let itemIds: string[];

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
  write = (await createKey(pool, 'write')).headers;
  admin = (await createKey(pool, 'admin')).headers;
  itemIds = (await pool.query(`SELECT external_id FROM items ORDER BY id LIMIT 40`)).rows.map((r) => r.external_id);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const TYPES = `{ feedbackTypes { name weight polarity updatedAt interactionCount } }`;
const SET = `mutation($in: FeedbackTypeInput!) { setFeedbackType(input: $in) { name weight polarity updatedAt interactionCount } }`;
const RECORD = `mutation($in: RecordInteractionInput!) { recordInteraction(input: $in) { id kind value weight created } }`;
const RECORD_MANY = `mutation($ins: [RecordInteractionInput!]!) { recordInteractions(inputs: $ins) { id kind value } }`;

const types = async () => (await ts.gql(TYPES)).data!.feedbackTypes as { name: string; weight: number; polarity: string; updatedAt: string; interactionCount: number }[];
const typeRows = async () => (await pool.query(`SELECT name, weight::float8 AS weight, polarity, updated_at FROM feedback_types ORDER BY name`)).rows;
const interactionDigest = async () =>
  (await pool.query(`SELECT count(*)::int AS n, (SELECT sum(hashtext(i::text)::bigint) FROM interactions i)::text AS digest FROM interactions`)).rows[0];
const createUser = async (id: string) => expect((await ts.gql(`mutation($id: ID!) { createUser(input: { id: $id }) { id } }`, { id }, write)).errors).toBeUndefined();
const record = (input: Record<string, unknown>) => ts.gql(RECORD, { in: input }, write);
const recommended = async (userId: string, strategy: string, limit = 10) => {
  const res = await ts.gql(`query($u: ID!) { recommendations(userId: $u, strategy: ${strategy}, limit: ${limit}) { item { id } } }`, { u: userId });
  expect(res.errors).toBeUndefined();
  return res.data!.recommendations.map((r: { item: { id: string } }) => r.item.id) as string[];
};

/** the (user, item) entry's training weight in a dataset, or null when the dataset has no entry */
function entryWeight(ds: Dataset, userId: string, itemId: string): number | null {
  const u = ds.users.indexOf(userId);
  const i = ds.items.indexOf(itemId);
  if (u < 0 || i < 0) return null;
  for (let p = ds.userPtr[u]; p < ds.userPtr[u + 1]; p++) if (ds.userItems[p] === i) return ds.userWeights[p];
  return null;
}

describe('Query.feedbackTypes', () => {
  it('lists the defaults a new database declares, with GraphQL polarities', async () => {
    const listed = await types();
    const expected = DEFAULT_FEEDBACK_TYPES.map((t) => ({ name: t.name, weight: t.weight, polarity: t.polarity.toUpperCase() }));
    expect(listed.map(({ name, weight, polarity }) => ({ name, weight, polarity }))).toEqual([...expected].sort((a, b) => a.name.localeCompare(b.name)));
    for (const t of listed) {
      expect(Number.isNaN(Date.parse(t.updatedAt))).toBe(false);
      expect(t.interactionCount).toBe(0); // the demo seeds ratings only
    }
  });
});

describe('Mutation.setFeedbackType', () => {
  it('declares a new type, then changes it (same name): one row, new weight and polarity, later updatedAt', async () => {
    const created = await ts.gql(SET, { in: { name: 'wishlist', weight: 1.5, polarity: 'POSITIVE' } }, admin);
    expect(created.errors).toBeUndefined();
    expect(created.data!.setFeedbackType).toMatchObject({ name: 'wishlist', weight: 1.5, polarity: 'POSITIVE', interactionCount: 0 });
    expect((await types()).find((t) => t.name === 'wishlist')).toMatchObject({ weight: 1.5, polarity: 'POSITIVE' });

    const changed = await ts.gql(SET, { in: { name: 'wishlist', weight: 0.3, polarity: 'NEGATIVE' } }, admin);
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.setFeedbackType).toMatchObject({ name: 'wishlist', weight: 0.3, polarity: 'NEGATIVE' });
    expect(Date.parse(changed.data!.setFeedbackType.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.data!.setFeedbackType.updatedAt));
    expect((await typeRows()).filter((r) => r.name === 'wishlist')).toHaveLength(1);
    expect((await types()).find((t) => t.name === 'wishlist')).toMatchObject({ weight: 0.3, polarity: 'NEGATIVE' });
    // back to what the later tests expect
    expect((await ts.gql(SET, { in: { name: 'wishlist', weight: 1.5, polarity: 'POSITIVE' } }, admin)).errors).toBeUndefined();
  });

  it('needs an admin key: a write key is FORBIDDEN, no key UNAUTHENTICATED; nothing changes', async () => {
    const before = await typeRows();
    const input = { in: { name: 'view', weight: 9, polarity: 'NEGATIVE' } };
    const withWrite = await ts.gql(SET, input, write);
    expect(withWrite.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(withWrite.errors![0].message).toContain('admin');
    const anonymous = await ts.gql(SET, input);
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await typeRows()).toEqual(before);
  });

  it.each([
    ['name "rating"', { name: 'rating', weight: 1, polarity: 'POSITIVE' }, 'name', /rateItem/],
    ['an upper-case name', { name: 'Purchase', weight: 1, polarity: 'POSITIVE' }, 'name', /lower-case/],
    ['a name with a space', { name: 'add to cart', weight: 1, polarity: 'POSITIVE' }, 'name', /lower-case/],
    ['an empty name', { name: '', weight: 1, polarity: 'POSITIVE' }, 'name', /lower-case/],
    ['a 33-letter name', { name: 'a'.repeat(33), weight: 1, polarity: 'POSITIVE' }, 'name', /1–32/],
    ['weight 0', { name: 'view', weight: 0, polarity: 'POSITIVE' }, 'weight', /greater than 0 and at most 1000/],
    ['a negative weight', { name: 'view', weight: -2, polarity: 'NEGATIVE' }, 'weight', /polarity NEGATIVE/],
    ['weight 1001', { name: 'view', weight: 1001, polarity: 'POSITIVE' }, 'weight', /at most 1000/],
  ])('%s is BAD_USER_INPUT naming the field, with what to do; nothing changes', async (_what, input, field, message) => {
    const before = await typeRows();
    const res = await ts.gql(SET, { in: input }, admin);
    expect(res.status).toBeLessThan(500);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0].message).toMatch(message);
    expect(await typeRows()).toEqual(before);
  });

  it('an unknown polarity is refused by the schema', async () => {
    const res = await ts.gql(SET, { in: { name: 'view', weight: 1, polarity: 'SIDEWAYS' } }, admin);
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('recordInteraction(s) and feedback types', () => {
  beforeAll(async () => {
    await createUser('typed');
  });

  it('an undeclared kind is BAD_USER_INPUT listing the declared ones; nothing written', async () => {
    const before = await interactionDigest();
    const res = await record({ userId: 'typed', itemId: itemIds[0], kind: 'bookmark' });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
    const message = res.errors![0].message;
    expect(message).toContain('"bookmark"');
    for (const t of await types()) expect(message).toContain(t.name);
    expect(message).toContain('setFeedbackType');
    expect(await interactionDigest()).toEqual(before);
  });

  it('kind "rating" keeps its own error, pointing to rateItem', async () => {
    const res = await record({ userId: 'typed', itemId: itemIds[0], kind: 'rating' });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
    expect(res.errors![0].message).toContain('rateItem');
  });

  it('a batch with one undeclared kind writes nothing and names the entry', async () => {
    const before = await interactionDigest();
    const ins = itemIds.slice(0, 5).map((itemId) => ({ userId: 'typed', itemId, kind: 'view' }));
    ins[2] = { ...ins[2], kind: 'bookmark' };
    const res = await ts.gql(RECORD_MANY, { ins }, write);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[2].kind' });
    expect(res.errors![0].message).toContain('purchase');
    expect(await interactionDigest()).toEqual(before);
  });

  it('a kind declared a moment ago is accepted at once', async () => {
    expect((await ts.gql(SET, { in: { name: 'save_for_later', weight: 1, polarity: 'POSITIVE' } }, admin)).errors).toBeUndefined();
    const res = await record({ userId: 'typed', itemId: itemIds[1], kind: 'save_for_later' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordInteraction).toMatchObject({ kind: 'save_for_later', value: 1, created: true });
  });

  it('value is stored as given, 1 by default', async () => {
    const given = await record({ userId: 'typed', itemId: itemIds[2], kind: 'purchase', value: 2.5 });
    expect(given.data!.recordInteraction).toMatchObject({ value: 2.5, weight: 2.5 });
    const plain = await record({ userId: 'typed', itemId: itemIds[3], kind: 'click' });
    expect(plain.data!.recordInteraction).toMatchObject({ value: 1, weight: 1 });
    const { rows } = await pool.query(`SELECT value::float8 AS value FROM interactions WHERE id = ANY($1::bigint[]) ORDER BY id`, [
      [given.data!.recordInteraction.id, plain.data!.recordInteraction.id],
    ]);
    expect(rows.map((r) => r.value)).toEqual([2.5, 1]);
  });

  it('the deprecated weight argument still works and is stored as value; both equal is fine, different is refused', async () => {
    const alias = await record({ userId: 'typed', itemId: itemIds[4], kind: 'view', weight: 3 });
    expect(alias.errors).toBeUndefined();
    expect(alias.data!.recordInteraction).toMatchObject({ value: 3, weight: 3 });
    const stored = await pool.query(`SELECT value::float8 AS value FROM interactions WHERE id = $1`, [alias.data!.recordInteraction.id]);
    expect(stored.rows[0].value).toBe(3);

    const same = await record({ userId: 'typed', itemId: itemIds[5], kind: 'view', value: 2, weight: 2 });
    expect(same.data!.recordInteraction).toMatchObject({ value: 2 });

    const before = await interactionDigest();
    const differ = await record({ userId: 'typed', itemId: itemIds[6], kind: 'view', value: 2, weight: 5 });
    expect(differ.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.weight' });
    expect(differ.errors![0].message).toMatch(/send only value/);
    expect(await interactionDigest()).toEqual(before);
  });

  it.each([
    [{ value: 0 }, 'input.value'],
    [{ value: -1 }, 'input.value'],
    [{ value: 1000.5 }, 'input.value'],
    [{ weight: 0 }, 'input.weight'],
  ])('%p is BAD_USER_INPUT naming the field; nothing written', async (numbers, field) => {
    const before = await interactionDigest();
    const res = await record({ userId: 'typed', itemId: itemIds[7], kind: 'view', ...numbers });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0].message).toMatch(/greater than 0 and at most 1000/);
    expect(await interactionDigest()).toEqual(before);
  });

  it('in a batch, a bad value names its entry', async () => {
    const ins = [
      { userId: 'typed', itemId: itemIds[8], kind: 'view' },
      { userId: 'typed', itemId: itemIds[9], kind: 'view', value: 5000 },
    ];
    const res = await ts.gql(RECORD_MANY, { ins }, write);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[1].value' });
  });
});

describe('NEGATIVE feedback', () => {
  it.each(SERVED)("a dislike on an item of %s's list removes it from that user's next list", async (strategy) => {
    const user = '7';
    const before = await recommended(user, strategy);
    const target = before[0];
    const res = await record({ userId: user, itemId: target, kind: 'dislike' });
    expect(res.errors).toBeUndefined();
    const after = await recommended(user, strategy);
    expect(after).toHaveLength(before.length);
    expect(after).not.toContain(target);
  });
});

describe('NEUTRAL feedback', () => {
  beforeAll(async () => {
    const res = await ts.gql(SET, { in: { name: 'impression', weight: 1, polarity: 'NEUTRAL' } }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setFeedbackType.polarity).toBe('NEUTRAL');
  });

  it('is stored and counted, and does not hide the item from the list', async () => {
    const user = '9';
    // a first write folds the user in; the neutral one below leaves that history unchanged
    expect((await record({ userId: user, itemId: itemIds[10], kind: 'impression' })).errors).toBeUndefined();
    const before = await recommended(user, 'SVD');
    const target = before[0];
    const res = await record({ userId: user, itemId: target, kind: 'impression', idempotencyKey: 'neutral-1' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordInteraction).toMatchObject({ kind: 'impression', created: true });
    const stored = await pool.query(
      `SELECT x.kind FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id
        WHERE u.external_id = $1 AND i.external_id = $2`,
      [user, target],
    );
    expect(stored.rows.map((r) => r.kind)).toContain('impression');
    expect((await types()).find((t) => t.name === 'impression')!.interactionCount).toBe(2);
    const stats = (await ts.gql(`{ datasetStats { interactionsByType { kind polarity count } } }`)).data!.datasetStats;
    expect(stats.interactionsByType).toContainEqual({ kind: 'impression', polarity: 'NEUTRAL', count: 2 });

    expect(await recommended(user, 'SVD')).toContain(target);
  });

  it('is not learned from: the next training has no entry for it', async () => {
    await createUser('only-neutral');
    expect((await record({ userId: 'only-neutral', itemId: itemIds[11], kind: 'impression' })).errors).toBeUndefined();
    expect((await record({ userId: 'only-neutral', itemId: itemIds[12], kind: 'click' })).errors).toBeUndefined();
    const { dataset } = await loadDataset(pool);
    expect(entryWeight(dataset, 'only-neutral', itemIds[11])).toBeNull();
    expect(entryWeight(dataset, 'only-neutral', itemIds[12])).toBe(1);
    expect(dataset.userCount(dataset.users.indexOf('only-neutral'))).toBe(1);
  });
});

describe('a changed weight', () => {
  it("changes the next training's dataset: the entry's weight follows the type's weight; the stored value does not change", async () => {
    await createUser('wisher');
    const res = await record({ userId: 'wisher', itemId: itemIds[13], kind: 'wishlist', value: 2 });
    expect(res.errors).toBeUndefined();
    expect(entryWeight((await loadDataset(pool)).dataset, 'wisher', itemIds[13])).toBe(3); // 1.5 × 2

    expect((await ts.gql(SET, { in: { name: 'wishlist', weight: 4, polarity: 'POSITIVE' } }, admin)).errors).toBeUndefined();
    expect(entryWeight((await loadDataset(pool)).dataset, 'wisher', itemIds[13])).toBe(8); // 4 × 2
    const stored = await pool.query(`SELECT value::float8 AS value FROM interactions WHERE id = $1`, [res.data!.recordInteraction.id]);
    expect(stored.rows[0].value).toBe(2);

    // NEGATIVE: the same event now counts against the item
    expect((await ts.gql(SET, { in: { name: 'wishlist', weight: 4, polarity: 'NEGATIVE' } }, admin)).errors).toBeUndefined();
    expect(entryWeight((await loadDataset(pool)).dataset, 'wisher', itemIds[13])).toBe(-8);
    expect((await ts.gql(SET, { in: { name: 'wishlist', weight: 1.5, polarity: 'POSITIVE' } }, admin)).errors).toBeUndefined();
  });
});

describe('DatasetStats.interactionsByType', () => {
  it('counts every kind by SQL: declared types (0 when unused), "rating" with no polarity, and undeclared kinds', async () => {
    // a kind no type declares any more (only old data can hold one: the API refuses to write it)
    const [u] = (await pool.query(`SELECT id FROM users WHERE external_id = 'typed'`)).rows;
    const [it] = (await pool.query(`SELECT id FROM items WHERE external_id = $1`, [itemIds[20]])).rows;
    await pool.query(`INSERT INTO interactions (user_id, item_id, kind, value, occurred_at) VALUES ($1, $2, 'legacy_kind', 1, now())`, [u.id, it.id]);

    const res = await ts.gql(`{ datasetStats { interactions interactionsByType { kind polarity count } } }`);
    expect(res.errors).toBeUndefined();
    const { interactions, interactionsByType } = res.data!.datasetStats as {
      interactions: number;
      interactionsByType: { kind: string; polarity: string | null; count: number }[];
    };
    const { rows } = await pool.query(`SELECT kind, count(*)::int AS n FROM interactions GROUP BY kind`);
    const counted = new Map(interactionsByType.map((r) => [r.kind, r.count]));
    for (const r of rows) expect(counted.get(r.kind)).toBe(r.n);
    expect(interactionsByType.reduce((s, r) => s + r.count, 0)).toBe(interactions);

    const declared = await types();
    for (const t of declared) expect(interactionsByType).toContainEqual({ kind: t.name, polarity: t.polarity, count: t.interactionCount });
    expect(interactionsByType.find((r) => r.kind === 'rating')).toMatchObject({ polarity: null });
    expect(interactionsByType.find((r) => r.kind === 'rating')!.count).toBeGreaterThan(0);
    expect(interactionsByType).toContainEqual({ kind: 'legacy_kind', polarity: null, count: 1 });
    expect(interactionsByType.find((r) => r.kind === 'share')).toMatchObject({ polarity: 'POSITIVE', count: 0 });
    // most first
    const counts = interactionsByType.map((r) => r.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
