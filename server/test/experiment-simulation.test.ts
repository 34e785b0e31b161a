import type { Pool } from 'pg';
import { main as simulateCli } from '../src/cli/simulate';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/**
 * Issue 15's Done-when: with the simulator against a running server on the demo data, an experiment
 * POPULARITY vs SVD (50/50, CTR) shows SVD as the leader with probability ≥ 0.95 within 20,000
 * impressions. The simulator runs its real CLI code over real HTTP; the figures are printed.
 */
let ts: TestServer;
let pool: Pool;
let admin: Record<string, string>;
let adminKey: string;

beforeAll(async () => {
  ts = await startTestServer({ seedDemo: true, impressionSampleRate: 1 });
  pool = openPool(ts.db.url);
  ({ headers: admin, key: adminKey } = await createKey(pool, 'admin'));
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const EXPERIMENT = `query($id: ID!) { experiment(id: $id) { status leader probabilityLeaderIsBest
  arms { name strategy impressions clicks conversions rate rateLow rateHigh probabilityBest } } }`;

it('POPULARITY vs SVD, 50/50 on CTR: SVD leads with probability ≥ 0.95 within 20,000 impressions', async () => {
  const created = await ts.gql(
    `mutation { createExperiment(input: { name: "pop-vs-svd", metric: CTR, arms: [
    { name: "popularity", strategy: POPULARITY, traffic: 0.5 }, { name: "svd", strategy: SVD, traffic: 0.5 }] }) { id status } }`,
    {},
    admin,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createExperiment.id as string;
  expect((await ts.gql(`mutation($id: ID!) { startExperiment(id: $id) { status } }`, { id }, admin)).data!.startExperiment.status).toBe('RUNNING');

  const simulate = async (args: string[]) => {
    const out: string[] = [];
    const code = await simulateCli(['--url', ts.url, '--key', adminKey, '--concurrency', '16', '--json', ...args], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) });
    expect({ code, out: code ? out.join('') : '' }).toEqual({ code: 0, out: '' });
    return JSON.parse(out.join(''));
  };
  /** the experiment once every list served so far is counted (impressions are written in batches off the request path) */
  const reportAfter = async (lists: number) => {
    const end = Date.now() + 30_000;
    for (;;) {
      const report = (await ts.gql(EXPERIMENT, { id })).data!.experiment;
      const shown = report.arms.reduce((s: number, a: { impressions: number }) => s + a.impressions, 0);
      if (shown >= lists || Date.now() > end) return { report, shown };
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  // how soon: 20 more users' first sessions at a time, until the leader is SVD with probability ≥ 0.95
  let lists = 0;
  let first: { impressions: number; probability: number } | null = null;
  for (let seed = 100; !first && lists < 20_000; seed++) {
    lists += (await simulate(['--users', '20', '--sessions', '1', '--seed', String(seed)])).lists;
    const { report, shown } = await reportAfter(lists);
    if (report.leader === 'svd' && report.probabilityLeaderIsBest >= 0.95) first = { impressions: shown, probability: report.probabilityLeaderIsBest };
  }
  expect(first).not.toBeNull();
  expect(first!.impressions).toBeLessThanOrEqual(20_000);

  // and a larger run, for the figures
  const t0 = Date.now();
  const sim = await simulate(['--users', '240', '--sessions', '3', '--seed', '7']);
  const seconds = (Date.now() - t0) / 1000;
  lists += sim.lists;
  const { report, shown: impressions } = await reportAfter(lists);
  console.log(
    JSON.stringify(
      {
        first,
        seconds,
        requests: sim.requests,
        requestsPerSecond: sim.requestsPerSecond,
        lists: sim.lists,
        clicks: sim.clicks,
        conversions: sim.conversions,
        impressions,
        leader: report.leader,
        probability: report.probabilityLeaderIsBest,
        arms: report.arms,
        byStrategy: sim.byStrategy,
      },
      null,
      1,
    ),
  );
  expect(impressions).toBe(lists);
  expect(impressions).toBeLessThanOrEqual(20_000);
  expect(report.leader).toBe('svd');
  expect(report.probabilityLeaderIsBest).toBeGreaterThanOrEqual(0.95);
  // each arm served its own strategy
  expect(Object.keys(sim.byStrategy).sort()).toEqual(['POPULARITY', 'SVD']);
}, 300_000);
