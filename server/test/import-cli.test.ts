import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/import';
import { latestFiles, writeFixture } from '../src/data/importers/movielens/fixtures';
import { createTestDatabase, type TestDatabase } from './support/db';

let db: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'import-cli-data-'));
const dirs: string[] = [dataDir];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** runs the CLI in-process against the suite's database; returns exit code and captured output */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir },
  });
  return { code, stdout, stderr };
}

const ratingCount = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM interactions WHERE kind = 'rating'`)).rows[0].n;

describe('import CLI', () => {
  it('imports a folder and prints a one-line summary; a second run adds nothing', async () => {
    const dir = writeFixture(latestFiles());
    dirs.push(dir);
    const first = await run('--data', dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^imported 6 ratings, 3 users, 4 items in \d+\.\d s \(new: 6 ratings, 3 users, 4 items; changed: 0 ratings, 0 items\); database now holds 6 ratings, 3 users, 4 items\n$/,
    );
    expect(first.stderr).toMatch(/reading +100%/);
    const second = await run('--data', dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('(new: 0 ratings, 0 users, 0 items; changed: 0 ratings, 0 items); database now holds 6 ratings');
  });

  it('fails with one line naming file and line, exit 1, loading nothing', async () => {
    const files = latestFiles();
    const dir = writeFixture({ ...files, 'ratings.csv': files['ratings.csv'] + '7,1,4.0,964982703\n8,1,abc,964982703\n' });
    dirs.push(dir);
    const before = await ratingCount();
    const r = await run('--data', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('import failed: ratings.csv line 9: rating "abc" is not a number; nothing was loaded\n');
    expect(await ratingCount()).toBe(before);
  });

  it('exits 2 with the usage on bad flags', async () => {
    for (const argv of [[], ['--bogus'], ['--data', 'x', '--download', 'ml-latest-small'], ['--download', 'ml-25m'], ['--data', 'x', '--dest', 'y']]) {
      const r = await run(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(/^import: .+\nusage: import --data DIR/);
    }
  });
});
