import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportGeneric } from '../src/data/exporters/export-generic';
import { parseColumnMap } from '../src/data/importers/generic/column-map';
import { ImportFormatError } from '../src/data/importers/generic/format-error';
import { importGeneric, type GenericImportFiles } from '../src/data/importers/generic/import-to-db';
import { StatsRepository } from '../src/data/repositories/stats.repository';
import { generateShop } from '../src/data/shop/generate-shop';
import { writeShop } from '../src/data/shop/write-shop';
import { createStrategy } from '../src/engine/strategies/registry';
import { checkItemInput, checkUserInput } from '../src/services/catalog-input';
import { loadDataset } from '../src/training/load-dataset';
import { createTestDatabase, type TestDatabase } from './support/db';

const tmp = mkdtempSync(join(tmpdir(), 'import-generic-'));
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(tmp, { recursive: true, force: true });
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

let n = 0;
/** writes files into a new folder; returns their paths by name */
function files(contents: Record<string, string>): Record<string, string> {
  const dir = join(tmp, `f${n++}`);
  mkdirSync(dir);
  return Object.fromEntries(
    Object.entries(contents).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return [name, join(dir, name)];
    }),
  );
}

/** everything an import writes, by external ids and in a stable order, so two databases compare equal */
async function dump(db: TestDatabase) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    feedbackTypes: await q(`SELECT name, weight, polarity, conversion FROM feedback_types ORDER BY name`),
    items: await q(`SELECT external_id, title, categories, description, published_at, hidden, attributes FROM items ORDER BY id`),
    users: await q(`SELECT external_id, labels FROM users ORDER BY id`),
    interactions: await q(`SELECT u.external_id AS user, i.external_id AS item, e.kind, e.value, e.occurred_at
      FROM interactions e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
      ORDER BY u.external_id, i.external_id, e.kind, e.occurred_at, e.value`),
  };
}

/** every row's physical version: unchanged when a statement rewrote nothing */
async function rowVersions(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query(`SELECT 'i' || id || ':' || xmin FROM items UNION ALL SELECT 'u' || id || ':' || xmin FROM users
    UNION ALL SELECT 'e' || id || ':' || xmin FROM interactions UNION ALL SELECT 'f' || name || ':' || xmin FROM feedback_types ORDER BY 1`);
  return rows.map((r) => Object.values(r)[0] as string);
}

const SMALL_CSV = {
  'feedback-types.csv': 'name,weight,polarity\nwishlist,1.5,positive\nview,0.25,positive\n',
  'items.csv':
    [
      'id,title,categories,description,published_at,hidden,price,color',
      'k1,"Kettle, steel",kitchen|appliances,"Boils water.\nFast.",2024-03-01T10:00:00.25Z,false,19.99,silver',
      'k2,Headphones,electronics,,,true,"""42""",',
    ].join('\n') + '\n',
  'users.csv': 'id,labels\nalice,vip|beta\nbob,\n',
  'events.csv':
    [
      'user_id,item_id,kind,value,timestamp',
      'alice,k1,view,,2024-03-02T09:00:00Z',
      'alice,k1,view,,2024-03-02T09:00:00Z',
      'alice,k1,wishlist,2,1709370060',
      'alice,k2,rating,4.5,2024-03-03',
      'bob,k3,purchase,,',
      'carol,k1,dislike,1,2024-03-04T00:00:00+01:00',
    ].join('\n') + '\n',
};

const SMALL_JSONL = {
  'feedback-types.jsonl': '{"name":"wishlist","weight":1.5,"polarity":"positive"}\n{"name":"view","weight":0.25,"polarity":"POSITIVE"}\n',
  'items.jsonl':
    [
      '{"id":"k1","title":"Kettle, steel","categories":["kitchen","appliances"],"description":"Boils water.\\nFast.","published_at":"2024-03-01T10:00:00.250Z","hidden":false,"attributes":{"price":19.99,"color":"silver"}}',
      '{"id":"k2","title":"Headphones","categories":["electronics"],"description":null,"published_at":null,"hidden":true,"price":"42"}',
    ].join('\n') + '\n',
  'users.jsonl': '{"id":"alice","labels":["vip","beta"]}\n{"id":"bob","labels":[]}\n',
  'events.jsonl':
    [
      '{"user_id":"alice","item_id":"k1","kind":"view","timestamp":"2024-03-02T09:00:00Z"}',
      '{"user_id":"alice","item_id":"k1","kind":"view","timestamp":"2024-03-02T09:00:00Z"}',
      '{"user_id":"alice","item_id":"k1","kind":"wishlist","value":2,"timestamp":1709370060}',
      '{"user_id":"alice","item_id":"k2","kind":"rating","value":4.5,"timestamp":"2024-03-03"}',
      '{"user_id":"bob","item_id":"k3","kind":"purchase"}',
      '{"user_id":"carol","item_id":"k1","kind":"dislike","value":1,"timestamp":"2024-03-04T00:00:00+01:00"}',
    ].join('\n') + '\n',
};

const asFiles = (f: Record<string, string>, ext: string): GenericImportFiles => ({
  items: f[`items.${ext}`],
  users: f[`users.${ext}`],
  events: f[`events.${ext}`],
  feedbackTypes: f[`feedback-types.${ext}`],
});

describe('importGeneric', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });

  it('loads CSV: items with every field and attributes, users with labels, typed events, new users and items from events', async () => {
    const result = await importGeneric(db.pool, asFiles(files(SMALL_CSV), 'csv'));
    expect(result).toEqual({
      read: { items: 2, users: 2, events: 6, feedbackTypes: 2 },
      feedbackTypes: { created: 1, updated: 1 },
      items: { created: 3, updated: 0 },
      users: { created: 3, updated: 0 },
      ratings: { created: 1, updated: 0 },
      events: { created: 5 },
      totals: { users: 3, items: 3, interactions: 6, ratings: 1 },
    });
    const d = await dump(db);
    expect(d.items).toEqual([
      {
        external_id: 'k1',
        title: 'Kettle, steel',
        categories: ['kitchen', 'appliances'],
        description: 'Boils water.\nFast.',
        published_at: new Date('2024-03-01T10:00:00.250Z'),
        hidden: false,
        attributes: { price: 19.99, color: 'silver' },
      },
      { external_id: 'k2', title: 'Headphones', categories: ['electronics'], description: null, published_at: null, hidden: true, attributes: { price: '42' } },
      // named by an event only: created, titled by its id
      { external_id: 'k3', title: 'k3', categories: [], description: null, published_at: null, hidden: false, attributes: null },
    ]);
    expect(d.users).toEqual([
      { external_id: 'alice', labels: ['vip', 'beta'] },
      { external_id: 'bob', labels: [] },
      { external_id: 'carol', labels: [] },
    ]);
    expect(d.feedbackTypes).toContainEqual({ name: 'wishlist', weight: 1.5, polarity: 'positive', conversion: false });
    expect(d.feedbackTypes).toContainEqual({ name: 'view', weight: 0.25, polarity: 'positive', conversion: false });
    expect(d.interactions.map((e) => [e.user, e.item, e.kind, e.value, e.kind === 'purchase' ? 'now' : (e.occurred_at as Date).toISOString()])).toEqual([
      ['alice', 'k1', 'view', 1, '2024-03-02T09:00:00.000Z'],
      ['alice', 'k1', 'view', 1, '2024-03-02T09:00:00.000Z'],
      ['alice', 'k1', 'wishlist', 2, '2024-03-02T09:01:00.000Z'],
      ['alice', 'k2', 'rating', 4.5, '2024-03-03T00:00:00.000Z'],
      ['bob', 'k3', 'purchase', 1, 'now'],
      ['carol', 'k1', 'dislike', 1, '2024-03-03T23:00:00.000Z'],
    ]);
  });

  it('re-importing the same files changes nothing: no row created, none rewritten', async () => {
    const f = asFiles(files(SMALL_CSV), 'csv');
    const before = await dump(db);
    const versions = await rowVersions(db);
    const again = await importGeneric(db.pool, f);
    expect(again).toMatchObject({
      feedbackTypes: { created: 0, updated: 0 },
      items: { created: 0, updated: 0 },
      users: { created: 0, updated: 0 },
      ratings: { created: 0, updated: 0 },
      events: { created: 0 },
    });
    expect(await dump(db)).toEqual(before);
    expect(await rowVersions(db)).toEqual(versions);
  });

  it('JSON Lines with the same content gives the same database', async () => {
    const other = await freshDatabase();
    await importGeneric(other.pool, asFiles(files(SMALL_JSONL), 'jsonl'));
    const [a, b] = [await dump(db), await dump(other)];
    // the purchase without a time is stamped with each import's own time
    const untimed = (d: typeof a) => ({ ...d, interactions: d.interactions.map((e) => (e.kind === 'purchase' ? { ...e, occurred_at: null } : e)) });
    expect(untimed(b)).toEqual(untimed(a));
  });

  it('a file without a column leaves that field alone; an empty cell clears it; more identical events add only the missing ones', async () => {
    const f = files({
      'items.csv': 'id,title,hidden\nk1,Kettle (steel),true\n',
      'events.csv':
        'user_id,item_id,kind,timestamp\nalice,k1,view,2024-03-02T09:00:00Z\nalice,k1,view,2024-03-02T09:00:00Z\nalice,k1,view,2024-03-02T09:00:00Z\nbob,k3,purchase,\n',
    });
    const r = await importGeneric(db.pool, { items: f['items.csv'], events: f['events.csv'] });
    expect(r).toMatchObject({ items: { created: 0, updated: 1 }, events: { created: 1 } });
    const item = (await db.pool.query(`SELECT title, categories, hidden, attributes FROM items WHERE external_id = 'k1'`)).rows[0];
    expect(item).toEqual({ title: 'Kettle (steel)', categories: ['kitchen', 'appliances'], hidden: true, attributes: { price: 19.99, color: 'silver' } });
    const cleared = files({ 'items.csv': 'id,title,categories,price\nk1,Kettle (steel),,\n' });
    await importGeneric(db.pool, { items: cleared['items.csv'] });
    expect((await db.pool.query(`SELECT categories, attributes FROM items WHERE external_id = 'k1'`)).rows[0]).toEqual({ categories: [], attributes: null });
  });

  it('renames columns with --map', async () => {
    const other = await freshDatabase();
    const f = files({
      'products.csv': 'sku,name,tags\nA,Lamp,home|light\n',
      'log.csv': 'customer,sku,event,qty\nu1,A,purchase,2\n',
    });
    const map = parseColumnMap(['items:sku=id', 'name=title', 'tags=categories', 'events:sku=item_id', 'customer=user_id', 'event=kind', 'qty=value']);
    await importGeneric(other.pool, { items: f['products.csv'], events: f['log.csv'], map });
    const d = await dump(other);
    expect(d.items).toEqual([{ external_id: 'A', title: 'Lamp', categories: ['home', 'light'], description: null, published_at: null, hidden: false, attributes: null }]);
    expect(d.interactions.map((e) => [e.user, e.item, e.kind, e.value])).toEqual([['u1', 'A', 'purchase', 2]]);
  });

  it.each([
    ['an undeclared kind', { 'events.csv': 'user_id,item_id,kind\nu1,k1,view\nu2,k2,wishlist_x\n' }, 'events.csv:3:3 kind: "wishlist_x" is not a declared feedback type'],
    ['a bad value', { 'events.csv': 'user_id,item_id,kind,value\nu1,k1,view,1\nu1,k2,view,many\n' }, 'events.csv:3:4 value: "many" is not a number'],
    ['a duplicate item id', { 'items.csv': 'title,id\nA,x1\nB,x2\nC,x1\n' }, 'items.csv:4:2 id: "x1" is already on line 2; give each item one line'],
    ['a duplicate user id (JSON Lines)', { 'users.jsonl': '{"id":"z1"}\n{"labels":[], "id":"z1"}\n' }, 'users.jsonl:2:15 id: "z1" is already on line 1; give each user one line'],
  ])('%s is named by file:line:column, and nothing is loaded (also the files before it)', async (_what, bad, message) => {
    const good = files({ 'items.csv': 'id,title\nnew1,New\n', 'feedback-types.csv': 'name,weight,polarity\nfresh,1,neutral\n' });
    const badFiles = files(bad as Record<string, string>);
    const before = await dump(db);
    const versions = await rowVersions(db);
    const err = await importGeneric(db.pool, {
      feedbackTypes: good['feedback-types.csv'],
      items: badFiles['items.csv'] ?? good['items.csv'],
      users: badFiles['users.jsonl'],
      events: badFiles['events.csv'],
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportFormatError);
    expect((err as Error).message).toContain(message);
    expect(await dump(db)).toEqual(before);
    expect(await rowVersions(db)).toEqual(versions);
  });

  // values the importer once trimmed, dropped or let through, and upsertItems/upsertUsers refused:
  // now both refuse them, in the same words after their prefixes (file:line:column field: / inputs[0].field: )
  it.each([
    ['items.csv', 'id,title,categories\nk1,Kettle,Tea| Kitchen\n', 'categories', () => checkItemInput({ id: 'k1', title: 'Kettle', categories: ['Tea', ' Kitchen'] }, 0)],
    [
      'items.csv',
      `id,title,categories\nk1,Kettle,${Array.from({ length: 101 }, (_, i) => `c${i}`).join('|')}\n`,
      'categories',
      () => checkItemInput({ id: 'k1', title: 'Kettle', categories: Array.from({ length: 101 }, (_, i) => `c${i}`) }, 0),
    ],
    ['items.csv', 'id,title\n k1,Kettle\n', 'id', () => checkItemInput({ id: ' k1', title: 'Kettle' }, 0)],
    [
      'items.csv',
      `id,title,blob\nk1,Kettle,${'x'.repeat(17_000)}\n`,
      'attributes',
      () => checkItemInput({ id: 'k1', title: 'Kettle', attributes: { blob: 'x'.repeat(17_000) } }, 0),
    ],
    ['users.csv', 'id,labels\nu1,vip|vip\n', 'labels', () => checkUserInput({ id: 'u1', labels: ['vip', 'vip'] }, 0)],
  ])('%s %#: refused as upsertItems/upsertUsers refuse it, in the same words; nothing loaded', async (name, content, field, viaApi) => {
    const apiError = (() => {
      try {
        viaApi();
        return null;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(apiError).not.toBeNull();
    const apiWords = apiError!.message.slice(`inputs[0].${field}: `.length);
    expect(apiError!.message.startsWith(`inputs[0].${field}: `)).toBe(true);
    const f = files({ [name]: content });
    const before = await dump(db);
    const kind = name.startsWith('items') ? 'items' : 'users';
    const err = await importGeneric(db.pool, { [kind]: f[name] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportFormatError);
    expect((err as Error).message).toMatch(new RegExp(`^${name.replace('.', '\\.')}:2:\\d+ ${field}: `));
    expect((err as Error).message.replace(/^\S+ \w+: /, '')).toBe(apiWords);
    expect(await dump(db)).toEqual(before);
  });

  it('a conversion column marks conversion types (issue 15); an empty cell or no column keeps what the database has', async () => {
    const conv = async () => (await db.pool.query(`SELECT name, conversion FROM feedback_types WHERE name IN ('purchase', 'signup', 'trial') ORDER BY name`)).rows;
    await importGeneric(db.pool, {
      feedbackTypes: files({ 'f.csv': 'name,weight,polarity,conversion\nsignup,2,positive,true\ntrial,1,positive,\npurchase,3,positive,\n' })['f.csv'],
    });
    expect(await conv()).toEqual([
      { name: 'purchase', conversion: true },
      { name: 'signup', conversion: true },
      { name: 'trial', conversion: false },
    ]);
    await importGeneric(db.pool, {
      feedbackTypes: files({ 'f.jsonl': '{"name":"signup","weight":2,"polarity":"positive"}\n{"name":"purchase","weight":3,"polarity":"positive","conversion":false}\n' })[
        'f.jsonl'
      ],
    });
    expect(await conv()).toEqual([
      { name: 'purchase', conversion: false },
      { name: 'signup', conversion: true },
      { name: 'trial', conversion: false },
    ]);
    await expect(importGeneric(db.pool, { feedbackTypes: files({ 'f.csv': 'name,weight,polarity,conversion\npurchase,3,positive,maybe\n' })['f.csv'] })).rejects.toThrow(
      /f\.csv:2:4 conversion:/,
    );
  });

  it('the pool stays usable after a failed import (the COPY was cancelled, the transaction rolled back)', async () => {
    // 5.4 MB: the reader's 4 MB first chunk is already in the COPY when the bad last line is read
    const f = files({ 'events.csv': 'user_id,item_id,kind\n' + 'u,i,view\n'.repeat(600_000) + 'u,i,nope\n' });
    await expect(importGeneric(db.pool, { events: f['events.csv'] })).rejects.toThrow(/events\.csv:600002:3 kind/);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM users WHERE external_id = 'u'`)).rows[0].n).toBe(0);
    // and no staging table survived it (they are created in the import's transaction)
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'generic\\_%'`)).rows[0].n).toBe(0);
  });
});

describe('export → import round trip', () => {
  it.each(['csv', 'jsonl'] as const)('%s: the same datasetStats, the same files, and the same recommendations after training with the same seed', async (format) => {
    const source = await freshDatabase();
    const shop = await writeShop(generateShop({ seed: 5, users: 150, items: 120 }), join(tmp, `shop-${format}`), format);
    const started = performance.now();
    const first = await importGeneric(source.pool, {
      items: shop.files.items,
      users: shop.files.users,
      events: shop.files.events,
      feedbackTypes: shop.files.feedbackTypes,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `import of the ${format} shop (${first.read.events} events, ${first.read.items} items, ${first.read.users} users): ` +
        `${seconds.toFixed(2)} s, ${Math.round(first.read.events / seconds)} events/s`,
    );
    expect(first.events.created).toBe(shop.counts.events);
    // add what the shop files lack: a rating, an event without a time, an item touched by an API-style update
    await source.pool.query(`INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
      SELECT u.id, i.id, 'rating', 3.5, '2024-06-01T12:00:00.123456Z' FROM users u, items i WHERE u.external_id = 'u00001' AND i.external_id = 'p00001'`);
    await source.pool.query(`UPDATE items SET attributes = attributes || '{"title":"a title attribute","note":"7"}' WHERE external_id = 'p00002'`);

    const out = join(tmp, `export-${format}`);
    const exported = await exportGeneric(source.pool, out, { format });
    expect(exported.counts.events).toBe(shop.counts.events + 1);
    const target = await freshDatabase();
    await importGeneric(target.pool, { items: exported.files.items, users: exported.files.users, events: exported.files.events, feedbackTypes: exported.files['feedback-types'] });

    const stats = async (db: TestDatabase) => new StatsRepository(db.dataSource).datasetStats();
    expect(await stats(target)).toEqual(await stats(source));
    expect(await dump(target)).toEqual(await dump(source));
    const again = await exportGeneric(target.pool, join(tmp, `export-again-${format}`), { format });
    for (const kind of ['items', 'users', 'events', 'feedback-types'] as const) {
      expect(readFileSync(again.files[kind], 'utf8')).toBe(readFileSync(exported.files[kind], 'utf8'));
    }

    const recommendations = async (db: TestDatabase) => {
      const { dataset } = await loadDataset(db.pool);
      const model = await createStrategy('itemcf').fit(dataset, { seed: 3 });
      return Array.from(
        { length: dataset.nUsers },
        (_, u) =>
          `${dataset.users.idOf(u)}: ${model
            .recommend({ user: u, k: 10 })
            .map((s) => `${dataset.items.idOf(s.item)}@${s.score.toFixed(6)}`)
            .join(' ')}`,
      );
    };
    const [a, b] = [await recommendations(source), await recommendations(target)];
    expect(a.length).toBe(150);
    expect(b).toEqual(a);
  });
});
