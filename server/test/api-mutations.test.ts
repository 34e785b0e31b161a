import type { Pool } from 'pg';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/** Feedback writes over real HTTP: replace-on-re-rate, idempotency, all-or-nothing batches. */
let ts: TestServer;
let pool: Pool;
let auth: Record<string, string>;
let itemIds: string[];

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
  auth = (await createKey(pool, 'write')).headers;
  itemIds = (await pool.query(`SELECT external_id FROM items ORDER BY id LIMIT 20`)).rows.map((r) => r.external_id);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const mut = (query: string, variables: Record<string, unknown> = {}) => ts.gql(query, variables, auth);

/** a digest of every interaction and user row (computed in SQL), so a rejected write can be shown to change nothing */
const snapshot = async () =>
  (
    await pool.query(
      `SELECT (SELECT count(*) FROM interactions)::int AS interactions, (SELECT max(id) FROM interactions)::text AS "maxId",
            (SELECT sum(hashtext(i::text)::bigint) FROM interactions i)::text AS digest,
            (SELECT count(*) FROM users)::int AS users`,
    )
  ).rows[0];
const userCount = async () => (await pool.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n as number;

async function rowsFor(userId: string, itemId: string, kind?: string) {
  const { rows } = await pool.query(
    `SELECT i.kind, i.value::float8 AS value FROM interactions i
       JOIN users u ON u.id = i.user_id JOIN items it ON it.id = i.item_id
      WHERE u.external_id = $1 AND it.external_id = $2 AND ($3::text IS NULL OR i.kind = $3)`,
    [userId, itemId, kind ?? null],
  );
  return rows;
}

const RATE = `mutation($u: ID!, $i: ID!, $r: Float!) { rateItem(input: { userId: $u, itemId: $i, rating: $r }) { rating ratedAt item { id title } } }`;

describe('createUser', () => {
  it('creates a user; the same id again is BAD_USER_INPUT and adds nothing', async () => {
    const res = await mut(`mutation { createUser(input: { id: "alice" }) { id ratingCount createdAt } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createUser).toMatchObject({ id: 'alice', ratingCount: 0 });
    expect((await pool.query(`SELECT 1 FROM users WHERE external_id = 'alice'`)).rowCount).toBe(1);

    const before = await userCount();
    const dup = await mut(`mutation { createUser(input: { id: "alice" }) { id } }`);
    expect(dup.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(dup.errors![0].message).toContain('alice');
    expect(await userCount()).toBe(before);
  });

  it('an empty or space-padded id is BAD_USER_INPUT', async () => {
    const before = await userCount();
    for (const id of ['', ' bob ']) {
      const res = await mut(`mutation($id: ID!) { createUser(input: { id: $id }) { id } }`, { id });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    }
    expect(await userCount()).toBe(before);
  });
});

describe('rateItem', () => {
  beforeAll(async () => {
    await mut(`mutation { createUser(input: { id: "rater" }) { id } }`);
  });

  it('re-rating replaces: exactly one rating row for (user, item), holding the new value', async () => {
    const first = await mut(RATE, { u: 'rater', i: itemIds[0], r: 2 });
    expect(first.errors).toBeUndefined();
    expect(first.data!.rateItem).toMatchObject({ rating: 2, item: { id: itemIds[0] } });
    const again = await mut(RATE, { u: 'rater', i: itemIds[0], r: 4.5 });
    expect(again.errors).toBeUndefined();
    expect(again.data!.rateItem.rating).toBe(4.5);
    expect(await rowsFor('rater', itemIds[0])).toEqual([{ kind: 'rating', value: 4.5 }]);
    const user = await ts.gql(`{ user(id: "rater") { ratingCount ratings { edges { node { rating item { id } } } } } }`);
    expect(user.data!.user.ratingCount).toBe(1);
    expect(user.data!.user.ratings.edges).toEqual([{ node: { rating: 4.5, item: { id: itemIds[0] } } }]);
  });

  it.each([7, 3.3, 0, -1])('rating %p is BAD_USER_INPUT naming the field and range; nothing written', async (r) => {
    const before = await snapshot();
    const res = await mut(RATE, { u: 'rater', i: itemIds[1], r });
    expect(res.status).toBeLessThan(500);
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/rating/);
    expect(res.errors![0].message).toMatch(/0\.5/);
    expect(res.errors![0].message).toMatch(/5/);
    expect(res.errors![0].extensions!.field).toBe('rating');
    expect(await snapshot()).toEqual(before);
  });

  it('an unknown item or user is NOT_FOUND; nothing written', async () => {
    const before = await snapshot();
    const item = await mut(RATE, { u: 'rater', i: 'no-such-item', r: 4 });
    expect(item.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'itemId' });
    const user = await mut(RATE, { u: 'nobody-here', i: itemIds[1], r: 4 });
    expect(user.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
    expect(user.errors![0].message).toMatch(/createUser/);
    expect(await snapshot()).toEqual(before);
  });

  it("a rated item disappears from that user's recommendations", async () => {
    const q = `{ recommendations(userId: "5", strategy: SVD, limit: 5) { item { id } } }`;
    const before = await ts.gql(q);
    const top = before.data!.recommendations[0].item.id;
    const rated = await mut(RATE, { u: '5', i: top, r: 3 });
    expect(rated.errors).toBeUndefined();
    const after = await ts.gql(q);
    expect(after.data!.recommendations).toHaveLength(5);
    expect(after.data!.recommendations.map((r: any) => r.item.id)).not.toContain(top);
  });
});

const RECORD = `mutation($in: RecordInteractionInput!) { recordInteraction(input: $in) { id kind weight created idempotencyKey item { id } } }`;
const RECORD_MANY = `mutation($ins: [RecordInteractionInput!]!) { recordInteractions(inputs: $ins) { id created } }`;

describe('recordInteraction(s)', () => {
  beforeAll(async () => {
    await mut(`mutation { createUser(input: { id: "viewer" }) { id } }`);
  });

  it('retried 3× with one idempotencyKey writes one row; replays say created: false', async () => {
    const input = { userId: 'viewer', itemId: itemIds[2], kind: 'view', weight: 2, idempotencyKey: 'evt-123' };
    const answers = [];
    for (let n = 0; n < 3; n++) answers.push(await mut(RECORD, { in: input }));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(answers.map((a) => a.data!.recordInteraction.created)).toEqual([true, false, false]);
    expect(new Set(answers.map((a) => a.data!.recordInteraction.id)).size).toBe(1);
    expect(await rowsFor('viewer', itemIds[2], 'view')).toEqual([{ kind: 'view', value: 2 }]);
  });

  it('without a key, events accumulate', async () => {
    const input = { userId: 'viewer', itemId: itemIds[3], kind: 'click' };
    await mut(RECORD, { in: input });
    await mut(RECORD, { in: input });
    expect(await rowsFor('viewer', itemIds[3], 'click')).toHaveLength(2);
  });

  it('reusing an idempotencyKey for a different event is refused; nothing written', async () => {
    const before = await snapshot();
    const res = await mut(RECORD, { in: { userId: 'viewer', itemId: itemIds[4], kind: 'view', idempotencyKey: 'evt-123' } });
    expect(res.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it('kind "rating", a bad weight or an unknown item is refused; nothing written', async () => {
    const before = await snapshot();
    const bad = [
      [{ userId: 'viewer', itemId: itemIds[5], kind: 'rating' }, 'BAD_USER_INPUT'],
      [{ userId: 'viewer', itemId: itemIds[5], kind: 'view', weight: 0 }, 'BAD_USER_INPUT'],
      [{ userId: 'viewer', itemId: itemIds[5], kind: 'view', weight: 5000 }, 'BAD_USER_INPUT'],
      [{ userId: 'viewer', itemId: 'nope', kind: 'view' }, 'NOT_FOUND'],
    ] as const;
    for (const [input, code] of bad) {
      const res = await mut(RECORD, { in: input });
      expect(res.errors![0].extensions!.code).toBe(code);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a batch is written whole', async () => {
    const ins = itemIds.slice(6, 16).map((itemId) => ({ userId: 'viewer', itemId, kind: 'purchase' }));
    const res = await mut(RECORD_MANY, { ins });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordInteractions).toHaveLength(10);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM interactions i JOIN users u ON u.id = i.user_id WHERE u.external_id = 'viewer' AND kind = 'purchase'`);
    expect(rows[0].n).toBe(10);
  });

  it('a batch with one unknown item writes nothing and names the entry', async () => {
    const before = await snapshot();
    const ins = itemIds.slice(0, 5).map((itemId) => ({ userId: 'viewer', itemId, kind: 'view' }));
    ins.splice(3, 0, { userId: 'viewer', itemId: 'missing-item', kind: 'view' });
    const res = await mut(RECORD_MANY, { ins });
    expect(res.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'inputs[3].itemId' });
    expect(await snapshot()).toEqual(before);
  });

  it('a batch whose last entry reuses a key for another event rolls back the earlier inserts', async () => {
    const before = await snapshot();
    const ins = [
      { userId: 'viewer', itemId: itemIds[0], kind: 'view', idempotencyKey: 'batch-a' },
      { userId: 'viewer', itemId: itemIds[1], kind: 'view', idempotencyKey: 'batch-b' },
      { userId: 'viewer', itemId: itemIds[9], kind: 'view', idempotencyKey: 'evt-123' },
    ];
    const res = await mut(RECORD_MANY, { ins });
    expect(res.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it('1,001 inputs is BAD_USER_INPUT naming the 1,000 maximum; nothing written', async () => {
    const before = await snapshot();
    const ins = Array.from({ length: 1001 }, (_, n) => ({ userId: 'viewer', itemId: itemIds[n % itemIds.length], kind: 'view' }));
    const res = await mut(RECORD_MANY, { ins });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs' });
    expect(res.errors![0].message).toContain('1000');
    expect(await snapshot()).toEqual(before);
  });
});
