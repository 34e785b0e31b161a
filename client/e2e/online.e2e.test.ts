import { spawn } from 'node:child_process';
import path from 'node:path';
import { openBrowser, screenshotOf, type Session } from './support/browser';
import { startE2eServer, stopE2eServer, type E2eServer } from './support/e2e-server';

/**
 * The dashboard's Online section against live traffic: an experiment POPULARITY vs SVD runs while the
 * simulator (its CLI, over HTTP) plays demo users; the page's figures must equal the API's. A running
 * experiment changes every AUTO list, so this suite has a server of its own, not the run's shared one.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let server: E2eServer;
let s: Session;

beforeAll(async () => {
  server = await startE2eServer(ROOT);
  s = await openBrowser();
}, 180_000);

afterAll(async () => {
  await s?.close();
  if (server) await stopE2eServer(server);
});

async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

function simulate(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const cli = path.join(ROOT, 'server', 'dist', 'server', 'src', 'cli', 'simulate.js');
    const child = spawn(process.execPath, [cli, '--url', server.url, '--key', server.adminKey, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

interface Arm {
  name: string;
  impressions: number;
  clicks: number;
}

it('shows the experiment, its leader and each arm as the API reports them, and CTR per strategy', async () => {
  const { createExperiment } = await api<{ createExperiment: { id: string } }>(`mutation { createExperiment(input: { name: "popularity-vs-svd", metric: CTR,
    arms: [{ name: "popularity", strategy: POPULARITY, traffic: 0.5 }, { name: "svd", strategy: SVD, traffic: 0.5 }] }) { id } }`);
  await api(`mutation($id: ID!) { startExperiment(id: $id) { status } }`, { id: createExperiment.id });
  const sim = await simulate(['--users', '200', '--sessions', '3', '--seed', '11', '--concurrency', '8', '--json']);
  expect({ code: sim.code, err: sim.code === 0 ? '' : sim.err }).toEqual({ code: 0, err: '' });
  const { lists } = JSON.parse(sim.out) as { lists: number };

  // impressions are written in batches off the request path: wait until all are counted
  const EXPERIMENT = `query($id: ID!) { experiment(id: $id) { leader probabilityLeaderIsBest arms { name impressions clicks } } }`;
  let experiment: { leader: string; probabilityLeaderIsBest: number; arms: Arm[] };
  for (const end = Date.now() + 60_000; ;) {
    experiment = (await api<{ experiment: typeof experiment }>(EXPERIMENT, { id: createExperiment.id })).experiment;
    if (experiment.arms.reduce((n, a) => n + a.impressions, 0) >= lists || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(experiment.arms.reduce((n, a) => n + a.impressions, 0)).toBe(lists);

  const { page } = s;
  await page.goto(`${server.url}/dashboard`);
  const online = page.locator('section[aria-labelledby="online-heading"]');
  const card = online.locator(`article[data-experiment-id="${createExperiment.id}"]`);
  await card.waitFor();
  expect(await card.locator('[data-leader]').getAttribute('data-leader')).toBe(experiment.leader);
  for (const arm of experiment.arms) {
    const row = card.locator(`tr[data-arm="${arm.name}"]`);
    expect(await row.textContent()).toContain(arm.impressions.toLocaleString('en-US'));
    expect(await row.textContent()).toContain(arm.clicks.toLocaleString('en-US'));
  }
  // the line chart draws both strategies, and its text alternative lists their figures
  // (one hour of traffic is one point per line: a dot, no segment yet)
  await online.locator('.recharts-line-dots').nth(1).locator('circle').first().waitFor();
  const plotted = await online.locator('figure table tbody tr td:nth-child(2)').allTextContents();
  expect(new Set(plotted)).toEqual(new Set(['POPULARITY', 'SVD']));
  // the active SVD version has impressions beside its offline NDCG
  const versions = online.getByRole('table', { name: /offline NDCG beside online/ });
  expect(await versions.locator('tbody tr').count()).toBeGreaterThan(0);
  expect(s.errors).toEqual([]);
  await screenshotOf(online, 'dashboard-online');
}, 300_000);
