/**
 * Online evaluation over real HTTP (issue 15, items 1–3): every list gets an impression id and
 * positions; feedback naming an impression is attributed (click once, conversion, expired, unknown,
 * another user's, not in the list, not positive) while the event is always stored; onlineMetrics
 * counts equal a scripted scenario counted by hand; the retention prune; sampling rate 0.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { wilsonInterval } from '../src/engine/evaluation/wilson';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

let ts: TestServer;
let pool: Pool;
let write: Record<string, string>;
let users: string[];

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true });
  pool = openPool(ts.db.url);
  write = (await createKey(pool, 'write')).headers;
  users = (await pool.query(`SELECT external_id FROM users ORDER BY id LIMIT 6`)).rows.map((r) => r.external_id);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

interface Rec {
  impressionId: string;
  position: number;
  strategy: string;
  item: { id: string };
}
type Attribution = { outcome: string; impressionId: string; position: number | null } | null;

const LIST = `query($u: ID!, $s: Strategy!, $n: Int!) { recommendations(userId: $u, strategy: $s, limit: $n) { impressionId position strategy item { id } } }`;
const RECORD = `mutation($in: RecordInteractionInput!) { recordInteraction(input: $in) { id created attribution { outcome impressionId position } } }`;
const RECORD_MANY = `mutation($ins: [RecordInteractionInput!]!) { recordInteractions(inputs: $ins) { id attribution { outcome impressionId position } } }`;
const RATE = `mutation($in: RateItemInput!) { rateItem(input: $in) { rating attribution { outcome impressionId position } } }`;
const METRICS = `query($from: DateTime, $to: DateTime, $g: OnlineGroupBy!, $b: TimeBucket!) {
  onlineMetrics(from: $from, to: $to, groupBy: $g, bucket: $b) {
    group strategy modelVersionId experimentId arm bucketStart impressions clicks conversions
    ctr ctrLow ctrHigh conversionRate conversionRateLow conversionRateHigh } }`;

async function list(userId: string, strategy = 'POPULARITY', limit = 5): Promise<Rec[]> {
  const res = await ts.gql(LIST, { u: userId, s: strategy, n: limit });
  expect(res.errors).toBeUndefined();
  return res.data!.recommendations;
}

async function record(input: Record<string, unknown>): Promise<Attribution> {
  const res = await ts.gql(RECORD, { in: input }, write);
  expect(res.errors).toBeUndefined();
  return res.data!.recordInteraction.attribution;
}

const clicksOf = async (impressionId: string) =>
  (await pool.query(`SELECT kind, position FROM impression_events WHERE impression_id = $1 ORDER BY kind, item_id`, [impressionId])).rows;
const interactionsOf = async (userId: string, itemId: string, kind: string) =>
  (
    await pool.query(
      `SELECT count(*)::int AS n FROM interactions i JOIN users u ON u.id = i.user_id JOIN items it ON it.id = i.item_id
    WHERE u.external_id = $1 AND it.external_id = $2 AND i.kind = $3`,
      [userId, itemId, kind],
    )
  ).rows[0].n as number;
const flush = () => ts.server.services.impressions.recorder.flush();

describe('impression ids', () => {
  it('one id per list, positions 1..n, a fresh id for the same list asked again (cached lists included), stored with strategy and version', async () => {
    const a = await list(users[0], 'SVD', 5);
    const b = await list(users[0], 'SVD', 5);
    expect(a.map((r) => r.item.id)).toEqual(b.map((r) => r.item.id)); // the second one is the cached list
    expect(new Set(a.map((r) => r.impressionId)).size).toBe(1);
    expect(a.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(b[0].impressionId).not.toBe(a[0].impressionId);
    await flush();
    const { rows } = await pool.query(
      `SELECT i.strategy, i.model_version_id::text AS version, u.external_id AS "user",
              (SELECT array_agg(it.external_id ORDER BY p.n) FROM unnest(i.item_ids) WITH ORDINALITY AS p(id, n) JOIN items it ON it.id = p.id) AS items
         FROM impressions i JOIN users u ON u.id = i.user_id WHERE i.id = $1`,
      [a[0].impressionId],
    );
    const active = (await pool.query(`SELECT id::text FROM model_versions WHERE strategy = $1 AND active`, [rows[0].strategy])).rows[0].id;
    expect(rows[0]).toEqual({ strategy: a[0].strategy.toLowerCase().replace(/_/g, ''), version: active, user: users[0], items: a.map((r) => r.item.id) });
  });

  it("compareStrategies: each strategy's list its own impression", async () => {
    const res = await ts.gql(`query($u: ID!) { compareStrategies(userId: $u, limit: 3) { strategy recommendations { impressionId position } } }`, { u: users[1] });
    expect(res.errors).toBeUndefined();
    const lists = res.data!.compareStrategies as { recommendations: { impressionId: string; position: number }[] }[];
    const ids = lists.map((l) => l.recommendations[0].impressionId);
    expect(new Set(ids).size).toBe(lists.length);
    for (const l of lists) expect(l.recommendations.map((r) => r.position)).toEqual([1, 2, 3]);
  });

  it("popularItems and similarItems: items carry the list's impression id and their positions", async () => {
    const res = await ts.gql(`{ popularItems(limit: 3) { id impressionId position similar(limit: 2) { impressionId position } } }`);
    expect(res.errors).toBeUndefined();
    const popular = res.data!.popularItems as { impressionId: string; position: number; similar: { impressionId: string; position: number }[] }[];
    expect(new Set(popular.map((p) => p.impressionId)).size).toBe(1);
    expect(popular.map((p) => p.position)).toEqual([1, 2, 3]);
    const similarIds = new Set(popular.map((p) => p.similar[0].impressionId));
    expect(similarIds.size).toBe(3);
    expect(similarIds.has(popular[0].impressionId)).toBe(false);
    await flush();
    const { rows } = await pool.query(`SELECT user_id, strategy FROM impressions WHERE id = $1`, [popular[0].impressionId]);
    expect(rows).toEqual([{ user_id: null, strategy: 'popularity' }]);
  });
});

describe('attribution', () => {
  it('a positive event on a listed item within the window is a click at its position, counted once however often repeated', async () => {
    const recs = await list(users[2]);
    const id = recs[0].impressionId;
    // no flush: attribution finds an impression still in the buffer
    const first = await record({ userId: users[2], itemId: recs[2].item.id, kind: 'click', impressionId: id });
    expect(first).toEqual({ outcome: 'CLICK', impressionId: id, position: 3 });
    const again = await record({ userId: users[2], itemId: recs[2].item.id, kind: 'like', impressionId: id });
    expect(again).toEqual({ outcome: 'CLICK', impressionId: id, position: 3 });
    expect(await clicksOf(id)).toEqual([{ kind: 'click', position: 3 }]);
    expect(await interactionsOf(users[2], recs[2].item.id, 'click')).toBe(1);
    expect(await interactionsOf(users[2], recs[2].item.id, 'like')).toBe(1);
  });

  it('a conversion type (purchase) counts as a conversion and a click', async () => {
    const recs = await list(users[3]);
    const id = recs[0].impressionId;
    expect(await record({ userId: users[3], itemId: recs[1].item.id, kind: 'purchase', impressionId: id })).toEqual({ outcome: 'CONVERSION', impressionId: id, position: 2 });
    expect(await clicksOf(id)).toEqual([
      { kind: 'click', position: 2 },
      { kind: 'conversion', position: 2 },
    ]);
  });

  it('outside the window: EXPIRED, nothing counted, the event stored', async () => {
    const recs = await list(users[4]);
    const id = recs[0].impressionId;
    await flush();
    const hours = ts.server.services.impressions.settings.attributionWindowHours;
    await pool.query(`UPDATE impressions SET created_at = now() - $2 * interval '1 hour' - interval '1 minute' WHERE id = $1`, [id, hours]);
    expect(await record({ userId: users[4], itemId: recs[0].item.id, kind: 'click', impressionId: id })).toEqual({ outcome: 'EXPIRED', impressionId: id, position: 1 });
    expect(await clicksOf(id)).toEqual([]);
    expect(await interactionsOf(users[4], recs[0].item.id, 'click')).toBe(1);
  });

  it('an unknown impression id (a UUID never served, or not a UUID) is stored unattributed, saying so', async () => {
    const recs = await list(users[5]);
    for (const id of [randomUUID(), 'not-an-impression']) {
      expect(await record({ userId: users[5], itemId: recs[0].item.id, kind: 'view', impressionId: id })).toEqual({
        outcome: 'UNKNOWN_IMPRESSION',
        impressionId: id,
        position: null,
      });
    }
    expect(await interactionsOf(users[5], recs[0].item.id, 'view')).toBe(2);
  });

  it("another user's event, an item not in the list, a negative event: stored, not counted", async () => {
    const recs = await list(users[1]);
    const id = recs[0].impressionId;
    const notListed = (await pool.query(`SELECT external_id FROM items WHERE NOT (external_id = ANY($1)) ORDER BY id LIMIT 1`, [recs.map((r) => r.item.id)])).rows[0].external_id;
    expect(await record({ userId: users[0], itemId: recs[0].item.id, kind: 'click', impressionId: id })).toEqual({
      outcome: 'NOT_IN_IMPRESSION',
      impressionId: id,
      position: null,
    });
    expect(await record({ userId: users[1], itemId: notListed, kind: 'click', impressionId: id })).toEqual({ outcome: 'NOT_IN_IMPRESSION', impressionId: id, position: null });
    expect(await record({ userId: users[1], itemId: recs[1].item.id, kind: 'dislike', impressionId: id })).toEqual({ outcome: 'NOT_POSITIVE', impressionId: id, position: 2 });
    expect(await clicksOf(id)).toEqual([]);
  });

  it('rateItem: 3.5 stars or more is a click, less is not positive; recordInteractions attributes each event', async () => {
    const recs = await list(users[0], 'POPULARITY', 6);
    const id = recs[0].impressionId;
    const rate = async (itemId: string, rating: number) => {
      const res = await ts.gql(RATE, { in: { userId: users[0], itemId, rating, impressionId: id } }, write);
      expect(res.errors).toBeUndefined();
      return res.data!.rateItem.attribution as Attribution;
    };
    expect(await rate(recs[0].item.id, 2.5)).toEqual({ outcome: 'NOT_POSITIVE', impressionId: id, position: 1 });
    expect(await rate(recs[1].item.id, 3.5)).toEqual({ outcome: 'CLICK', impressionId: id, position: 2 });
    const many = await ts.gql(
      RECORD_MANY,
      {
        ins: [
          { userId: users[0], itemId: recs[3].item.id, kind: 'view', impressionId: id },
          { userId: users[0], itemId: recs[4].item.id, kind: 'view' },
          { userId: users[0], itemId: recs[5].item.id, kind: 'purchase', impressionId: id },
        ],
      },
      write,
    );
    expect(many.errors).toBeUndefined();
    expect(many.data!.recordInteractions.map((r: { attribution: Attribution }) => r.attribution)).toEqual([
      { outcome: 'CLICK', impressionId: id, position: 4 },
      null,
      { outcome: 'CONVERSION', impressionId: id, position: 6 },
    ]);
    const rows = await clicksOf(id);
    expect(
      rows
        .filter((r) => r.kind === 'click')
        .map((r) => r.position)
        .sort(),
    ).toEqual([2, 4, 6]);
    expect(rows.filter((r) => r.kind === 'conversion').map((r) => r.position)).toEqual([6]);
  });

  it('setFeedbackType declares conversion types; left out, an existing type keeps its flag', async () => {
    const admin = (await createKey(pool, 'admin')).headers;
    const set = (input: Record<string, unknown>) => ts.gql(`mutation($in: FeedbackTypeInput!) { setFeedbackType(input: $in) { name conversion } }`, { in: input }, admin);
    expect((await set({ name: 'subscribe', weight: 3, polarity: 'POSITIVE', conversion: true })).data!.setFeedbackType).toEqual({ name: 'subscribe', conversion: true });
    expect((await set({ name: 'subscribe', weight: 4, polarity: 'POSITIVE' })).data!.setFeedbackType).toEqual({ name: 'subscribe', conversion: true });
    expect((await set({ name: 'bookmark', weight: 1, polarity: 'POSITIVE' })).data!.setFeedbackType).toEqual({ name: 'bookmark', conversion: false });
    const types = (await ts.gql(`{ feedbackTypes { name conversion } }`)).data!.feedbackTypes as { name: string; conversion: boolean }[];
    expect(
      types
        .filter((t) => t.conversion)
        .map((t) => t.name)
        .sort(),
    ).toEqual(['purchase', 'subscribe']);
  });
});

describe('onlineMetrics', () => {
  type Row = {
    group: string;
    strategy: string | null;
    modelVersionId: string | null;
    experimentId: string | null;
    arm: string | null;
    bucketStart: string;
    impressions: number;
    clicks: number;
    conversions: number;
    [k: string]: unknown;
  };
  const range = () => ({ from: new Date(Date.now() - 3 * 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
  const metrics = async (g: string, b: string, r = range()): Promise<Row[]> => {
    const res = await ts.gql(METRICS, { ...r, g, b });
    expect(res.errors).toBeUndefined();
    return res.data!.onlineMetrics;
  };
  /** per group, summed over buckets (a scenario may straddle an hour) */
  const totals = (rows: Row[]) => {
    const out: Record<string, { impressions: number; clicks: number; conversions: number }> = {};
    for (const r of rows) {
      const t = (out[r.group] ??= { impressions: 0, clicks: 0, conversions: 0 });
      t.impressions += r.impressions;
      t.clicks += r.clicks;
      t.conversions += r.conversions;
    }
    return out;
  };
  const minus = (after: ReturnType<typeof totals>, before: ReturnType<typeof totals>) =>
    Object.fromEntries(
      Object.entries(after)
        .map(([g, t]) => [
          g,
          { impressions: t.impressions - (before[g]?.impressions ?? 0), clicks: t.clicks - (before[g]?.clicks ?? 0), conversions: t.conversions - (before[g]?.conversions ?? 0) },
        ])
        .filter(([, t]) => (t as { impressions: number }).impressions > 0),
    );

  /**
   * A scripted scenario: 4 POPULARITY lists (one clicked on two items and then bought from, one
   * clicked on one item twice, one only disliked, one untouched) and 3 SVD lists (one clicked), through the API; and 5 lists
   * of an experiment's two arms through the service the experiments use. Counted by hand below.
   */
  it('counts equal the scenario counted by hand, per strategy, version and arm; rates and Wilson intervals from the counts', async () => {
    const u = users[5];
    const before = { strategy: totals(await metrics('STRATEGY', 'HOUR')), version: totals(await metrics('MODEL_VERSION', 'DAY')) };
    const pop = [await list(u), await list(u), await list(u), await list(u)];
    const svd = [await list(u, 'SVD'), await list(u, 'SVD'), await list(u, 'SVD')];
    const act = (recs: Rec[], n: number, kind = 'click') => record({ userId: u, itemId: recs[n].item.id, kind, impressionId: recs[0].impressionId });
    await act(pop[0], 0);
    await act(pop[0], 1);
    await act(pop[0], 1, 'purchase');
    await act(pop[1], 2);
    await act(pop[1], 2);
    await act(pop[2], 0, 'dislike');
    await act(svd[2], 0);

    // impressions.experiment_id references experiments (the experiments migration): the scenario's experiment must exist
    await pool.query(`INSERT INTO experiments (id, name, metric) VALUES (7, 'scenario', 'CTR') ON CONFLICT DO NOTHING`);
    const items = (await pool.query(`SELECT id::text AS key, external_id AS id FROM items ORDER BY id LIMIT 3`)).rows as { key: string; id: string }[];
    const arm = (name: string) =>
      ts.server.services.impressions.served({
        userId: u,
        strategy: name === 'control' ? 'POPULARITY' : 'SVD',
        modelVersionId: null,
        experimentId: '7',
        arm: name,
        itemKeys: items.map((i) => i.key),
      });
    const control = [arm('control'), arm('control'), arm('control')];
    const treatment = [arm('treatment'), arm('treatment')];
    const armAct = (impressionId: string, n: number, kind = 'click') => record({ userId: u, itemId: items[n].id, kind, impressionId });
    await armAct(control[0], 0);
    await armAct(treatment[0], 1, 'purchase');
    await armAct(treatment[1], 2);
    await flush();

    // by hand: POPULARITY 4 lists + the 3 control lists, 2 + 1 clicked, 1 converted; SVD 3 + 2, 1 + 2 clicked, 0 + 1 converted
    const byStrategy = await metrics('STRATEGY', 'HOUR');
    expect(minus(totals(byStrategy), before.strategy)).toEqual({
      POPULARITY: { impressions: 7, clicks: 3, conversions: 1 },
      SVD: { impressions: 5, clicks: 3, conversions: 1 },
    });
    // the experiment's lists name no version: their own group
    const versions = (await pool.query(`SELECT strategy, id::text FROM model_versions WHERE active AND strategy IN ('popularity', 'svd')`)).rows;
    const v = Object.fromEntries(versions.map((r) => [r.strategy, r.id]));
    const byVersion = await metrics('MODEL_VERSION', 'DAY');
    expect(minus(totals(byVersion), before.version)).toEqual({
      [`POPULARITY v${v.popularity}`]: { impressions: 4, clicks: 2, conversions: 1 },
      [`SVD v${v.svd}`]: { impressions: 3, clicks: 1, conversions: 0 },
      'POPULARITY (no version)': { impressions: 3, clicks: 1, conversions: 0 },
      'SVD (no version)': { impressions: 2, clicks: 2, conversions: 1 },
    });
    for (const r of byVersion) {
      expect(r.bucketStart).toMatch(/T00:00:00\.000Z$/);
      if (r.group.endsWith(`v${v.svd}`)) expect(r).toMatchObject({ strategy: 'SVD', modelVersionId: v.svd });
    }

    const byArm = (await metrics('ARM', 'HOUR')).filter((r) => r.experimentId === '7');
    expect(totals(byArm)).toEqual({
      'experiment 7: control': { impressions: 3, clicks: 1, conversions: 0 },
      'experiment 7: treatment': { impressions: 2, clicks: 2, conversions: 1 },
    });
    for (const r of [...byStrategy, ...byVersion, ...byArm]) {
      const ctr = wilsonInterval(r.clicks, r.impressions);
      const conv = wilsonInterval(r.conversions, r.impressions);
      expect([r.ctr, r.ctrLow, r.ctrHigh, r.conversionRate, r.conversionRateLow, r.conversionRateHigh]).toEqual(
        [ctr.rate, ctr.low, ctr.high, conv.rate, conv.low, conv.high].map((x) => expect.closeTo(x, 10)),
      );
    }
    // 1 of 3 (control), when the scenario fell in one hour: the Wilson interval of 1/3 is 0.0615–0.7923
    if (byArm.length === 2) {
      const c = byArm.find((r) => r.arm === 'control')!;
      expect(c).toMatchObject({ strategy: null, arm: 'control', impressions: 3, clicks: 1 });
      expect(c.ctrLow).toBeCloseTo(0.0615, 4);
      expect(c.ctrHigh).toBeCloseTo(0.7923, 4);
    }
  });

  it('clicks on five items of one list sent at once count one clicked impression', async () => {
    const u = users[4];
    const before = totals(await metrics('STRATEGY', 'HOUR'));
    const recs = await list(u, 'POPULARITY', 5);
    const outcomes = await Promise.all(recs.map((r) => record({ userId: u, itemId: r.item.id, kind: 'click', impressionId: r.impressionId })));
    expect(outcomes.map((o) => o!.outcome)).toEqual(['CLICK', 'CLICK', 'CLICK', 'CLICK', 'CLICK']);
    await flush();
    expect(minus(totals(await metrics('STRATEGY', 'HOUR')), before)).toEqual({ POPULARITY: { impressions: 1, clicks: 1, conversions: 0 } });
    expect((await clicksOf(recs[0].impressionId)).map((c) => c.position).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses an empty or over-long range with BAD_USER_INPUT saying what to change', async () => {
    const now = Date.now();
    const long = await ts.gql(METRICS, { from: new Date(now - 40 * 86_400_000).toISOString(), to: new Date(now).toISOString(), g: 'STRATEGY', b: 'HOUR' });
    expect(long.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(long.errors![0].message).toMatch(/bucket HOUR covers at most 31 days.*40 days: narrow from\/to or use bucket: DAY/);
    const backwards = await ts.gql(METRICS, { from: new Date(now).toISOString(), to: new Date(now - 1000).toISOString(), g: 'STRATEGY', b: 'DAY' });
    expect(backwards.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0].message).toMatch(/must be before to/);
  });
});

describe('retention and sampling', () => {
  it('the prune deletes impressions older than IMPRESSION_RETENTION_DAYS, with their clicks, and keeps newer ones', async () => {
    const old = await list(users[2]);
    await record({ userId: users[2], itemId: old[0].item.id, kind: 'click', impressionId: old[0].impressionId });
    const recent = await list(users[2]);
    await flush();
    const days = ts.server.services.impressions.settings.retentionDays;
    await pool.query(`UPDATE impressions SET created_at = now() - ($2 + 1) * interval '1 day' WHERE id = $1`, [old[0].impressionId, days]);
    expect(await ts.server.services.impressions.prune()).toBeGreaterThanOrEqual(1);
    const left = (await pool.query(`SELECT id FROM impressions WHERE id = ANY($1)`, [[old[0].impressionId, recent[0].impressionId]])).rows.map((r) => r.id);
    expect(left).toEqual([recent[0].impressionId]);
    expect(await clicksOf(old[0].impressionId)).toEqual([]);
  });

  it('sampling rate 0: lists still get ids, none is stored, attribution to them is UNKNOWN_IMPRESSION', async () => {
    const settings = ts.server.services.impressions.settings;
    const before = (await pool.query(`SELECT count(*)::int AS n FROM impressions`)).rows[0].n;
    settings.sampleRate = 0;
    try {
      const recs = await list(users[3]);
      expect(recs[0].impressionId).toMatch(/^[0-9a-f-]{36}$/);
      const pop = await ts.gql(`{ popularItems(limit: 2) { impressionId } }`);
      expect(pop.data!.popularItems[0].impressionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await record({ userId: users[3], itemId: recs[0].item.id, kind: 'click', impressionId: recs[0].impressionId })).toEqual({
        outcome: 'UNKNOWN_IMPRESSION',
        impressionId: recs[0].impressionId,
        position: null,
      });
      await flush();
      expect((await pool.query(`SELECT count(*)::int AS n FROM impressions`)).rows[0].n).toBe(before);
    } finally {
      settings.sampleRate = 1;
    }
  });
});
