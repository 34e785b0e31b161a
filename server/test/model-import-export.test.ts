import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as modelMain } from '../src/cli/model';
import { loadConfig } from '../src/config';
import { ModelVersionRepository } from '../src/data/repositories/model-version.repository';
import { decodeBundle, type ModelBundle } from '../src/engine/model-bundle';
import { modelEntries } from '../src/engine/strategies/registry';
import { createQuietLogger } from '../src/logger';
import { startServer } from '../src/server';
import { loadDataset } from '../src/training/load-dataset';
import { storeVersion } from '../src/training/store-version';
import { trainModel } from '../src/training/train';
import { createTestDatabase, type TestDatabase } from './support/db';

/**
 * `npm run model -- export / import` on real PostgreSQL: a trained version exported and imported back
 * recommends exactly as the original for every user; a Spark-style layout is served; bad files are
 * refused with file:line and store nothing.
 */
let db: TestDatabase;
let versions: ModelVersionRepository;
const tmp = mkdtempSync(join(tmpdir(), 'model-io-'));
const config = loadConfig({});
const trained: Record<string, string> = {};

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await modelMain(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: join(tmp, 'data') },
  });
  return { code, stdout, stderr };
}

const PARAMS: Record<string, Record<string, unknown>> = {
  als: { factors: 6, iterations: 4 },
  svd: { factors: 6, epochs: 8, rankingFactors: 4, rankingIterations: 2 },
  usercf: {},
  itemcf: {},
  popularity: {},
};

/** trains a strategy the way a job does (evaluate, fit on all, store through the activation policy) */
async function train(strategy: string): Promise<string> {
  const data = await loadDataset(db.pool);
  const r = await trainModel(data, strategy, PARAMS[strategy] ?? {}, { seed: config.trainingSeed, k: config.evalK });
  const { version } = await storeVersion(versions, { metric: config.selectionMetric, tolerance: config.selectionTolerance }, config.keepVersions, {
    strategy,
    params: r.params,
    metrics: r.metrics,
    artifact: r.artifact,
    trainedSeconds: r.trainedSeconds,
    dataSnapshotAt: data.snapshotAt,
    trainingJobId: null,
  });
  return version.id;
}

async function bundle(id: string): Promise<ModelBundle> {
  const bytes = (await versions.artifact(id))!;
  return decodeBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** every user's top 40 as [external item id, score], null when the model cannot score them */
function listsOf(b: ModelBundle): Map<string, [string, number][] | null> {
  const out = new Map<string, [string, number][] | null>();
  for (const id of b.users.toArray()) {
    const u = b.users.indexOf(id);
    out.set(id, b.model.canScore(u) ? b.model.recommend({ user: u, k: 40 }).map((s) => [b.items.idOf(s.item), s.score]) : null);
  }
  return out;
}

const versionCount = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM model_versions`)).rows[0].n as number;

beforeAll(async () => {
  db = await createTestDatabase();
  versions = new ModelVersionRepository(db.dataSource);
  // 60 users, 40 items with numeric-looking ids (as Spark's integer ids read back), half-star ratings
  // with some structure plus views; user 60 and item 140 have no interactions
  await db.pool.query(`INSERT INTO users (external_id) SELECT g::text FROM generate_series(1, 60) g`);
  await db.pool.query(`INSERT INTO items (external_id, title) SELECT (100 + g)::text, 'Item ' || g FROM generate_series(1, 40) g`);
  await db.pool.query(`
    INSERT INTO interactions (user_id, item_id, kind, value)
    SELECT u.id, i.id, 'rating', 0.5 * (1 + (u.id * 7 + i.id * 3 + (u.id % 3) * i.id) % 10)
      FROM users u, items i
     WHERE u.external_id <> '60' AND i.external_id <> '140' AND (u.id * 31 + i.id * 17 + u.id * i.id) % 7 < 3`);
  await db.pool.query(`
    INSERT INTO interactions (user_id, item_id, kind, value)
    SELECT u.id, i.id, 'view', 1 FROM users u, items i
     WHERE u.external_id <> '60' AND i.external_id <> '140' AND (u.id + i.id) % 11 = 0`);
  for (const { name } of modelEntries()) trained[name] = await train(name);
});

afterAll(async () => {
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe.each(['als', 'svd'])('round trip of a trained %s version', (strategy) => {
  it('export writes the tables and a manifest; import --from gives a version with identical recommendations and predictions', async () => {
    const out = join(tmp, `${strategy}-export`);
    const exp = await run('export', '--version', trained[strategy], '--out', out);
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    expect(exp.stdout).toContain(`exported ${strategy.toUpperCase()} version ${trained[strategy]} (k 6)`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'tastegraph-factor-model', formatVersion: 1, strategy: strategy.toUpperCase(), k: 6 });
    const original = await bundle(trained[strategy]);
    const a = listsOf(original);
    // users with factors: SVD's are those with ratings (user 60 has no interactions, a few only views)
    const scored = [...a.values()].filter(Boolean).length;
    expect(a.get('60')).toBeNull();
    expect(scored).toBeGreaterThan(40);
    const userLines = readFileSync(join(out, 'user-factors.csv'), 'utf8').trim().split('\n');
    expect(userLines[0]).toBe('id,f0,f1,f2,f3,f4,f5');
    expect(userLines).toHaveLength(1 + scored);
    if (strategy === 'svd') {
      expect(manifest.globalMean).toEqual(expect.any(Number));
      expect(Object.keys(manifest.files).sort()).toEqual(['itemBiases', 'itemFactors', 'rankingItemFactors', 'rankingUserFactors', 'userBiases', 'userFactors']);
    } else {
      expect(Object.keys(manifest.files).sort()).toEqual(['itemFactors', 'userFactors']);
    }

    const imp = await run('import', '--from', out);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(new RegExp(`^imported ${strategy.toUpperCase()} as model version (\\d+) \\(k 6\\)`));
    expect(imp.stdout).toContain(`${scored} users with factors, ${60 - scored} user${scored === 59 ? '' : 's'} of the database without factors (served by popularity)`);
    const id = /model version (\d+)/.exec(imp.stdout)![1];

    const copy = await bundle(id);
    const b = listsOf(copy);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [user, list] of a) expect(b.get(user)).toEqual(list); // same items, same order, same float32 scores
    if (strategy === 'svd') {
      for (const user of ['1', '17', '60']) {
        for (const item of original.items.toArray()) {
          expect(copy.model.predict!(copy.users.indexOf(user), copy.items.indexOf(item))).toBe(original.model.predict!(original.users.indexOf(user), original.items.indexOf(item)));
        }
      }
    }

    // stored like a trained version: measured, judged by the policy, saying where it came from
    const [row] = await versions.byIds([id]);
    expect(row.metrics).toMatchObject({ k: config.evalK, ndcgAtK: expect.any(Number), byHistory: expect.any(Object) });
    expect(row.statusReason).toMatch(/^(activated|kept inactive|first)/);
    expect(row.params).toMatchObject({
      factors: 6,
      imported: { files: { userFactors: join(out, 'user-factors.csv') }, users: { used: scored, unknown: 0, missing: 60 - scored } },
    });
    expect(row.trainingJobId).toBeNull();

    // exporting the imported version gives the same tables
    const again = join(tmp, `${strategy}-export-again`);
    expect((await run('export', '--version', id, '--out', again, '--format', 'jsonl')).code).toBe(0);
    const jsonl = readFileSync(join(again, 'user-factors.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const csv = userLines.slice(1).map((l) => l.split(','));
    expect(jsonl.map((r) => [r.id, ...r.factors.map(String)])).toEqual(csv);
  });
});

describe("a model in Spark MLlib's layout", () => {
  it('folders of JSON part files (id, features) and a header-less CSV are imported and served', async () => {
    const dir = join(tmp, 'spark');
    const k = 3;
    const vec = (id: number, salt: number) => Array.from({ length: k }, (_, f) => Math.sin(id * (f + 1) + salt) / 2);
    // userFactors written by df.write.json: part files, _SUCCESS and .crc files beside them
    mkdirSync(join(dir, 'userFactors'), { recursive: true });
    const users = Array.from({ length: 58 }, (_, n) => n + 1); // users 59 and 60 left out
    writeFileSync(
      join(dir, 'userFactors', 'part-00000-abc-c000.json'),
      users
        .slice(0, 30)
        .map((u) => JSON.stringify({ id: u, features: vec(u, 1) }))
        .join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'userFactors', 'part-00001-abc-c000.json'),
      users
        .slice(30)
        .map((u) => JSON.stringify({ id: u, features: vec(u, 1) }))
        .join('\n') + '\n',
    );
    writeFileSync(join(dir, 'userFactors', '_SUCCESS'), '');
    writeFileSync(join(dir, 'userFactors', '.part-00000-abc-c000.json.crc'), 'x');
    // itemFactors as CSV without a header; item 999 is not in the database
    const items = [...Array.from({ length: 40 }, (_, n) => 101 + n), 999];
    writeFileSync(join(dir, 'item-factors.csv'), items.map((i) => [i, ...vec(i, 2)].join(',')).join('\n') + '\n');

    const before = await versionCount();
    const r = await run(
      'import',
      '--strategy',
      'als',
      '--user-factors',
      join(dir, 'userFactors'),
      '--item-factors',
      join(dir, 'item-factors.csv'),
      '--params',
      '{"regularization":0.1,"alpha":1}',
    );
    expect(r.stderr).toContain('reading --user-factors');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('58 users with factors, 2 users of the database without factors (served by popularity)');
    expect(r.stdout).toContain('40 items with factors, 1 unknown item id skipped ("999")');
    expect(await versionCount()).toBe(before + 1);
    const id = /model version (\d+)/.exec(r.stdout)![1];
    const [row] = await versions.byIds([id]);
    expect(row.params).toMatchObject({ factors: 3, regularization: 0.1, alpha: 1, imported: { items: { unknown: 1, unknownSample: ['999'] } } });

    // scores are x_u·y_i of the files' numbers, seen items excluded, users without factors not scored
    const b = await bundle(id);
    const seen = new Set(
      (await db.pool.query(`SELECT i.external_id FROM interactions e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id WHERE u.external_id = '7'`)).rows.map(
        (x) => x.external_id,
      ),
    );
    const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));
    const expected = items
      .filter((i) => i !== 999 && !seen.has(String(i)))
      .map((i) => ({ id: String(i), score: f32(vec(7, 1)).reduce((s, x, f) => s + x * f32(vec(i, 2))[f], 0) }))
      .sort((x, y) => y.score - x.score);
    const got = b.model.recommend({ user: b.users.indexOf('7'), k: 5 }).map((s) => ({ id: b.items.idOf(s.item), score: s.score }));
    expect(got.map((g) => g.id)).toEqual(expected.slice(0, 5).map((e) => e.id));
    got.forEach((g, n) => expect(g.score).toBeCloseTo(expected[n].score, 6));
    expect(b.model.canScore(b.users.indexOf('59'))).toBe(false);
  });

  it("an SVD without biases (Spark's explicit ALS: r̂ = x·y) predicts x·y", async () => {
    const dir = join(tmp, 'spark-explicit');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'u.jsonl'), '{"id":"1","factors":[1,0.5]}\n{"id":"2","factors":[0.5,1]}\n');
    writeFileSync(join(dir, 'i.csv'), 'id,a,b\n101,2,1\n102,1,2\n103,1.5,1.5\n');
    const r = await run('import', '--strategy', 'SVD', '--user-factors', join(dir, 'u.jsonl'), '--item-factors', join(dir, 'i.csv'));
    expect(r.code).toBe(0);
    const b = await bundle(/model version (\d+)/.exec(r.stdout)![1]);
    expect(b.model.predict!(b.users.indexOf('1'), b.items.indexOf('101'))).toBeCloseTo(2.5, 6);
    expect(b.model.predict!(b.users.indexOf('2'), b.items.indexOf('102'))).toBeCloseTo(2.5, 6);
    expect(b.model.predict!(b.users.indexOf('1'), b.items.indexOf('103'))).toBeCloseTo(2.25, 6);
  });
});

describe('refusals: one line naming the place, nothing stored', () => {
  const dir = join(tmp, 'bad');
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'users.csv'), 'id,f0,f1\n1,0.1,0.2\n2,0.3,0.4\n');
    writeFileSync(join(dir, 'items.csv'), 'id,f0,f1\n101,0.1,0.2\n102,0.3,0.4\n');
  });
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it.each([
    [
      'a row with another number of factors',
      () => ['--item-factors', file('short.csv', 'id,f0,f1\n101,0.1,0.2\n102,0.3\n')],
      /short\.csv:3 has 1 factors, the first row 2 \(.*short\.csv:2\); every row has the same number/,
    ],
    ['NaN', () => ['--item-factors', file('nan.csv', '101,0.1,0.2\n102,NaN,0.4\n')], /nan\.csv:2:2 f0: NaN is not a finite number/],
    [
      'a duplicate id',
      () => ['--item-factors', file('dup.jsonl', '{"id":"101","factors":[1,2]}\n{"id":101,"factors":[3,4]}\n')],
      /dup\.jsonl:2:2 id: "101" appears twice \(first at line 1\)/,
    ],
    ['a JSON row without factors', () => ['--item-factors', file('nofac.jsonl', '{"id":"101","vector":[1,2]}\n')], /nofac\.jsonl:1:13 vector: unknown key/],
    [
      'user and item factors of different k',
      () => ['--item-factors', file('k3.csv', '101,1,2,3\n')],
      /the user factors have 2 per row \(users\.csv:2\), the item factors 3 \(k3\.csv:1\)/,
    ],
    [
      'ids none of which the database knows',
      () => ['--item-factors', file('other.csv', 'x1,1,2\nx2,3,4\n')],
      /none of the 2 ids in .*other\.csv is a item of the database \(first: "x1"\)/,
    ],
    [
      'biases for ALS',
      () => ['--item-factors', join(dir, 'items.csv'), '--item-biases', file('b.csv', '101,0.5\n')],
      /ALS scores x_u·y_i and has no itemBiases; import .* as --strategy SVD/,
    ],
    ['a missing file', () => ['--item-factors', join(dir, 'nope.csv')], /--item-factors .*nope\.csv does not exist/],
    ['a parameter out of range', () => ['--item-factors', join(dir, 'items.csv'), '--params', '{"alpha":-1}'], /alpha/],
    ['factors in --params', () => ['--item-factors', join(dir, 'items.csv'), '--params', '{"factors":8}'], /"factors" comes from the files/],
  ])('%s: exit 1', async (_, extra, message) => {
    const before = await versionCount();
    const r = await run('import', '--strategy', 'ALS', '--user-factors', join(dir, 'users.csv'), ...extra());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const last = r.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^model import failed: /);
    expect(last).toMatch(message);
    expect(last).toMatch(/; nothing was stored$/);
    expect(await versionCount()).toBe(before);
  });

  it('an SVD bias for an id without factors: exit 1', async () => {
    const r = await run(
      'import',
      '--strategy',
      'SVD',
      '--user-factors',
      join(dir, 'users.csv'),
      '--item-factors',
      join(dir, 'items.csv'),
      '--item-biases',
      file('ib.csv', 'id,bias\n101,0.1\n103,0.2\n'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ib\.csv:3 item "103" has no row in .*items\.csv/);
  });

  it.each([
    [[], /name a command: import or export/],
    [['train'], /unknown command "train"/],
    [['import', '--user-factors', 'u.csv', '--item-factors', 'i.csv'], /import needs --strategy/],
    [['import', '--strategy', 'ALS', '--user-factors', 'u.csv'], /needs both --user-factors FILE and --item-factors FILE/],
    [['import', '--strategy', 'POPULARITY', '--user-factors', 'u.csv', '--item-factors', 'i.csv'], /--strategy is ALS or SVD .*not "POPULARITY"/],
    [['import', '--from', 'd', '--user-factors', 'u.csv'], /give either --from or the files/],
    [['import', '--strategy', 'ALS', '--user-factors', 'u', '--item-factors', 'i', '--params', '{x'], /--params is not valid JSON/],
    [['import', '--strategy', 'SVD', '--user-factors', 'u', '--item-factors', 'i', '--global-mean', 'abc'], /--global-mean is a number, not "abc"/],
    [['export', '--version', 'x', '--out', 'd'], /--version is a model version id/],
    [['export', '--version', '1'], /export needs --version ID and --out DIR/],
    [['export', '--version', '1', '--out', 'd', '--strategy', 'ALS'], /--strategy does not go with "export"/],
  ])('exits 2 with the usage for %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: model import/);
  });

  it('exporting a version without factors, or none at all: exit 1', async () => {
    const pop = await run('export', '--version', trained.popularity, '--out', join(tmp, 'pop'));
    expect(pop.code).toBe(1);
    expect(pop.stderr).toMatch(/a popularity model has no factors to export; only ALS and SVD versions have; nothing was written/);
    const none = await run('export', '--version', '999999', '--out', join(tmp, 'none'));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/there is no model version 999999/);
    expect(readdirSync(tmp)).not.toContain('none');
  });
});

describe('served by the API like a trained version', () => {
  it('listed with its import record, answering recommendations, rolled back with activateModel', async () => {
    // an import of the trained ALS version, made active whatever the policy said
    const out = join(tmp, 'api-export');
    expect((await run('export', '--version', trained.als, '--out', out)).code).toBe(0);
    const imp = await run('import', '--from', out);
    const id = /model version (\d+)/.exec(imp.stdout)![1];
    await versions.withActivationLock('als', (tx) => versions.activate(id, tx));

    let adminKey = '';
    const server = await startServer(
      { ...config, port: 0, host: '127.0.0.1', databaseUrl: db.url, seedDemo: false, trainingWorker: false, retrainIntervalSeconds: 0 } as typeof config,
      createQuietLogger(),
      {
        showFirstAdminKey: (key) => {
          adminKey = key;
        },
      },
    );
    try {
      await server.waitUntilReady(60_000);
      const gql = async (query: string, headers: Record<string, string> = {}) => {
        const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
        return (await res.json()) as { data?: any; errors?: unknown[] };
      };
      const models = await gql('{ models(strategy: ALS) { id active params } }');
      expect(models.errors).toBeUndefined();
      const listed = models.data.models.find((m: { id: string }) => m.id === id);
      expect(listed).toMatchObject({ active: true, params: { imported: { users: { used: 59 } } } });
      const recs = async () => (await gql('{ recommendations(userId: "7", strategy: ALS, limit: 10) { item { id } score strategy } }')).data.recommendations;
      const fromImport = await recs();
      expect(fromImport).toHaveLength(10);
      expect(fromImport.every((r: { strategy: string }) => r.strategy === 'ALS')).toBe(true);

      // rollback to the trained original: the same list, since the import is its copy
      const rolled = await gql(`mutation { activateModel(id: "${trained.als}") { id active } }`, { authorization: `Bearer ${adminKey}` });
      expect(rolled.errors).toBeUndefined();
      expect(rolled.data.activateModel).toEqual({ id: trained.als, active: true });
      const active = (await gql('{ models(strategy: ALS) { id active } }')).data.models.filter((m: { active: boolean }) => m.active);
      expect(active).toEqual([{ id: trained.als, active: true }]);
      expect(await recs()).toEqual(fromImport);
    } finally {
      await server.close();
    }
  });
});
