import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as exportMain } from '../src/cli/export';
import { main as importMain } from '../src/cli/import';
import { generateShop } from '../src/data/shop/generate-shop';
import { writeShop, type WrittenShop } from '../src/data/shop/write-shop';
import { createTestDatabase, type TestDatabase } from './support/db';

let db: TestDatabase;
const tmp = mkdtempSync(join(tmpdir(), 'import-export-cli-'));
let shop: WrittenShop;

beforeAll(async () => {
  db = await createTestDatabase();
  shop = await writeShop(generateShop({ seed: 9, users: 60, items: 50 }), join(tmp, 'shop'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

type Main = typeof importMain;
async function run(cli: Main, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
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

const interactions = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM interactions`)).rows[0].n;

describe('import CLI, generic files', () => {
  it('imports the shop with progress and a summary; a second run adds and changes nothing', async () => {
    const args = ['--items', shop.files.items, '--users', shop.files.users, '--events', shop.files.events, '--feedback-types', shop.files.feedbackTypes];
    const first = await run(importMain, ...args);
    expect(first.stderr).toMatch(/reading events\.csv +100%/);
    expect(first.code).toBe(0);
    const n = shop.counts.events;
    expect(first.stdout).toMatch(
      new RegExp(
        `^imported 5 feedback types \\(new 0, changed 0\\), 50 items \\(new 50, changed 0\\), 60 users \\(new 60, changed 0\\), ` +
          `${n} events \\(new: ${n} events, 0 ratings; changed ratings: 0\\) in \\d+\\.\\d s; database now holds 60 users, 50 items, ${n} interactions \\(0 ratings\\)\\n$`,
      ),
    );
    const second = await run(importMain, ...args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('50 items (new 0, changed 0), 60 users (new 0, changed 0), ' + `${n} events (new: 0 events, 0 ratings; changed ratings: 0)`);
    expect(await interactions()).toBe(n);
  });

  it('renames columns with --map', async () => {
    const dir = mkdtempSync(join(tmp, 'map-'));
    writeFileSync(join(dir, 'orders.jsonl'), '{"customer":"c1","product":"p00001","what":"purchase","qty":3}\n');
    const r = await run(importMain, '--events', join(dir, 'orders.jsonl'), '--map', 'customer=user_id', '--map', 'product=item_id', '--map', 'what=kind', '--map', 'qty=value');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 events (new: 1 events, 0 ratings');
    const { rows } = await db.pool.query(`SELECT e.value FROM interactions e JOIN users u ON u.id = e.user_id WHERE u.external_id = 'c1'`);
    expect(rows).toEqual([{ value: 3 }]);
  });

  it('a bad line: exit 1, one line naming file:line:column, nothing loaded', async () => {
    const dir = mkdtempSync(join(tmp, 'bad-'));
    writeFileSync(join(dir, 'events.csv'), 'user_id,item_id,kind,value\nnew1,p00001,view,1\nnew1,p00002,view,-2\n');
    const before = await interactions();
    const r = await run(importMain, '--items', shop.files.items, '--events', join(dir, 'events.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/import failed: events\.csv:3:4 value: must be greater than 0 and at most 1000, got -2; a negative signal is .*; nothing was loaded\n$/);
    expect(await interactions()).toBe(before);
  });

  it.each([
    [['--map', 'a=b'], /--map renames the columns of/],
    [['--data', 'x', '--items', 'i.csv'], /either a MovieLens source .* or generic files/],
    [['--items', 'i.csv', '--map', 'nothing'], /--map "nothing" needs the form SOURCE=TARGET/],
    [['--items', ''], /--items needs a file/],
  ])('exits 2 with the usage for %j', async (argv, message) => {
    const r = await run(importMain, ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: import --data DIR');
  });
});

describe('export CLI', () => {
  it('writes the four files in the import format (csv and jsonl)', async () => {
    for (const format of ['csv', 'jsonl']) {
      const out = join(tmp, `export-${format}`);
      const r = await run(exportMain, '--out', out, '--format', format);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^exported 50 items, 61 users, \d+ events and 8 feedback types to /);
      for (const name of ['items', 'users', 'events', 'feedback-types']) expect(existsSync(join(out, `${name}.${format}`))).toBe(true);
      expect(existsSync(join(out, `items.${format}.partial`))).toBe(false);
    }
    expect(readFileSync(join(tmp, 'export-csv', 'items.csv'), 'utf8').split('\n')[0]).toBe('id,title,categories,description,published_at,hidden,brand,color,in_stock,price');
    expect(readFileSync(join(tmp, 'export-jsonl', 'users.jsonl'), 'utf8').split('\n')[0]).toMatch(/^\{"id":"u00001","labels":\[.*\]\}$/);
  });

  it.each([[[]], [['--out', 'x', '--format', 'xml']], [['--out', 'x', '--bogus']]])('exits 2 for %j', async (argv) => {
    const r = await run(exportMain, ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^export: .+\nusage: export --out DIR/);
  });
});
