import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { importGeneric } from '../src/data/importers/generic/import-to-db';
import { generateShop } from '../src/data/shop/generate-shop';
import { writeShop } from '../src/data/shop/write-shop';
import { modelEntries } from '../src/engine/strategies/registry';
import { createQuietLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { createKey, openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/**
 * The README's erasure recipe, end to end: versions trained while a user existed hold their id in
 * their artifacts; after deleteUser, retraining every strategy on a trainer started with
 * MODEL_KEEP_VERSIONS=0 and MODEL_SELECTION_TOLERANCE=1 leaves no artifact that holds it.
 */
jest.setTimeout(600_000);

const SERVED = modelEntries().map((e) => e.apiName);
let ts: TestServer;
let pool: Pool;
let admin: Record<string, string>;

beforeAll(async () => {
  // a small generated shop (not the demo): every strategy trains on it in a fraction of a second,
  // and the recipe trains all of them twice
  ts = await startTestServer({ seedDemo: false });
  pool = openPool(ts.db.url);
  admin = (await createKey(pool, 'admin')).headers;
  const dir = mkdtempSync(join(tmpdir(), 'tastegraph-purge-'));
  try {
    const shop = await writeShop(generateShop({ seed: 11, users: 120, items: 80 }), dir);
    await importGeneric(pool, shop.files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // the import queued a training of every strategy: those versions come before the probe user
  await ts.server.waitUntilReady(120_000);
}, 240_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

const poll = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** queues a training of every strategy and waits until all succeeded */
async function trainEveryStrategy(): Promise<void> {
  const ids: string[] = [];
  for (const s of SERVED) {
    const res = await ts.gql(`mutation($s: Strategy!) { trainModel(strategy: $s) { id } }`, { s }, admin);
    expect(res.errors).toBeUndefined();
    ids.push(res.data!.trainModel.id);
  }
  for (const id of ids) {
    await poll(
      async () => (await ts.gql(`query($id: ID!) { trainingJob(id: $id) { status error } }`, { id })).data!.trainingJob,
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
      300_000,
    ).then((j) => expect(j).toEqual({ status: 'SUCCEEDED', error: null }));
  }
}

/** model versions whose stored artifact holds the text (an artifact's header is JSON, ids included) */
const artifactsHolding = async (text: string) =>
  (await pool.query(`SELECT count(*)::int AS n FROM model_versions WHERE artifact IS NOT NULL AND position(convert_to($1, 'UTF8') IN artifact) > 0`, [text])).rows[0].n as number;

it('after deleteUser, retraining with MODEL_KEEP_VERSIONS=0 and MODEL_SELECTION_TOLERANCE=1 leaves no artifact holding the user', async () => {
  const probe = `erasure-probe-${randomBytes(4).toString('hex')}`;
  const write = (await createKey(pool, 'write')).headers;
  expect((await ts.gql(`mutation { createUser(input: { id: "${probe}" }) { id } }`, {}, write)).errors).toBeUndefined();
  const items = (await pool.query(`SELECT external_id AS id FROM items ORDER BY id LIMIT 12`)).rows as { id: string }[];
  for (const [n, it] of items.entries()) {
    const res = await ts.gql(`mutation($i: ID!, $r: Float!) { rateItem(input: { userId: "${probe}", itemId: $i, rating: $r }) { rating } }`, { i: it.id, r: n % 2 ? 5 : 2 }, write);
    expect(res.errors).toBeUndefined();
  }
  await trainEveryStrategy();
  // every strategy's new version learned the user and stores their id
  expect(await artifactsHolding(probe)).toBe(SERVED.length);

  expect((await ts.gql(`mutation { deleteUser(id: "${probe}") }`, {}, write)).errors).toBeUndefined();
  expect(await artifactsHolding(probe)).toBe(SERVED.length); // what the README says remains

  // the recipe: a trainer with the purge settings (this server's own runner paused, so it trains every job)
  await ts.server.runner!.pause();
  let trainer: RunningServer | null = null;
  try {
    trainer = await startServer(
      { ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: ts.db.url, seedDemo: false, keepVersions: 0, selectionTolerance: 1 },
      createQuietLogger(),
      {
        showFirstAdminKey: () => undefined,
      },
    );
    await trainEveryStrategy();
  } finally {
    await trainer?.close();
    ts.server.runner!.resume();
  }
  expect(await artifactsHolding(probe)).toBe(0);
  const models = (await ts.gql(`{ models(limit: 100) { strategy active status } }`)).data!.models as { strategy: string; active: boolean; status: string }[];
  for (const s of SERVED) {
    expect({ s, ready: models.filter((m) => m.strategy === s && m.status === 'READY').map((m) => m.active) }).toEqual({ s, ready: [true] });
  }
});
