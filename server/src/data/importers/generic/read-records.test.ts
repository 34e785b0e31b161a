import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FEEDBACK_TYPES } from '../../../engine/dataset/feedback';
import { ColumnMapError, parseColumnMap } from './column-map';
import { ImportFormatError } from './format-error';
import { declaredKinds, type FeedbackTypeRecord } from './records';
import { readAll, readEvents, readFeedbackTypes, readItems, readUsers, type ReadOptions } from './read-records';

const dir = mkdtempSync(join(tmpdir(), 'generic-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(name: string, content: string | Buffer): string {
  const sub = join(dir, String(n++));
  mkdirSync(sub);
  const path = join(sub, name);
  writeFileSync(path, content);
  return path;
}

const kinds = declaredKinds(DEFAULT_FEEDBACK_TYPES);
type Opts<T> = Omit<ReadOptions<T>, 'onBatch'>;
const items = (path: string, opts: Opts<unknown> = {}) => readAll((o) => readItems(path, { ...opts, ...o }));
const users = (path: string, opts: Opts<unknown> = {}) => readAll((o) => readUsers(path, { ...opts, ...o }));
const events = (path: string, opts: Opts<unknown> = {}) => readAll((o) => readEvents(path, kinds, { ...opts, ...o }));

/** the error message of a read that must fail (an ImportFormatError) */
async function failure(read: Promise<unknown>): Promise<string> {
  const e = await read.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImportFormatError);
  return (e as Error).message;
}

describe('items', () => {
  const csv =
    [
      'id,title,categories,description,published_at,hidden,price,color',
      'p1,"Kettle, steel",kitchen|appliances,"Boils water.\nFast.",2024-03-01,false,19.99,silver',
      'p2,Headphones,electronics,,,true,,',
      '',
      'p3,"The ""Best"" Novel",books,,1995,0,"""12""",',
    ].join('\r\n') + '\r\n';

  it('reads CSV: quoting, line breaks in a field, lists, dates, attributes from other columns', async () => {
    const path = file('items.csv', csv);
    expect(await items(path)).toEqual([
      {
        line: 2,
        id: 'p1',
        title: 'Kettle, steel',
        categories: ['kitchen', 'appliances'],
        description: 'Boils water.\nFast.',
        publishedAt: { seconds: 1709251200, micros: 0 },
        hidden: false,
        attributes: { price: 19.99, color: 'silver' },
      },
      { line: 4, id: 'p2', title: 'Headphones', categories: ['electronics'], description: null, publishedAt: null, hidden: true, attributes: null },
      {
        line: 6,
        id: 'p3',
        title: 'The "Best" Novel',
        categories: ['books'],
        description: null,
        publishedAt: { seconds: 788918400, micros: 0 },
        hidden: false,
        attributes: { price: '12' },
      },
    ]);
  });

  it.each([1, 2, 3, 7, 13, 64])('gives the same records when read %i bytes at a time', async (chunkBytes) => {
    const path = file('items.csv', csv);
    expect(await items(path, { chunkBytes })).toEqual(await items(path));
  });

  it('reads JSON Lines with the same meaning; absent keys stay absent', async () => {
    const path = file(
      'items.jsonl',
      [
        '{"id":"p1","title":"Kettle, steel","categories":["kitchen","appliances"],"published_at":"2024-03-01","price":19.99,"attributes":{"color":"silver"}}',
        '',
        '{"id":2,"title":"Headphones","hidden":true,"description":null}',
      ].join('\n'),
    );
    expect(await items(path)).toEqual([
      {
        line: 1,
        id: 'p1',
        title: 'Kettle, steel',
        categories: ['kitchen', 'appliances'],
        publishedAt: { seconds: 1709251200, micros: 0 },
        attributes: { price: 19.99, color: 'silver' },
      },
      { line: 3, id: '2', title: 'Headphones', hidden: true, description: null },
    ]);
  });

  it('a CSV without optional columns leaves those fields absent; a UTF-8 BOM is ignored', async () => {
    const path = file('items.csv', '\uFEFFid,title\nx,Ünïcode ✓\n');
    expect(await items(path)).toEqual([{ line: 2, id: 'x', title: 'Ünïcode ✓' }]);
  });

  it('renames columns with --map, scoped or not, and drops one with an empty target', async () => {
    const path = file('products.csv', 'product_id,name,tags,internal\nA,Lamp,home|light,zzz\n');
    const map = parseColumnMap(['product_id=id', 'items:name=title', 'tags=categories', 'internal=', 'events:name=kind']);
    expect(await items(path, { map })).toEqual([{ line: 2, id: 'A', title: 'Lamp', categories: ['home', 'light'] }]);
  });

  it.each([
    ['id,title\np1,\n', 'items.csv:2:2 title: is required: an item needs a title of 1–500 characters, not blank'],
    ['id,title\n,Lamp\n', 'items.csv:2:1 id: is required: an id of 1–128 characters'],
    ['id,title,published_at\np1,Lamp,last week\n', 'items.csv:2:3 published_at: "last week" is not a time; write ISO 8601'],
    ['id,title,hidden\np1,Lamp,maybe\n', 'items.csv:2:3 hidden: "maybe" is not true or false'],
    ['id,title\np1,Lamp,extra\n', 'items.csv:2 has 3 fields, the header 2 (id,title); quote a field that holds a comma'],
    ['id,name\np1,Lamp\n', 'items.csv:1 no "title" column: items need id, title; its columns are "id", "name" (rename one with --map SOURCE=title)'],
    ['id,title,id\n', 'items.csv:1:3 column "id" appears twice (first as column 1)'],
    ['id,title,\n', 'items.csv:1:3 column 3 has no name'],
    ['id,title\np1,"Lamp" shade\n', 'items.csv:2:2 text follows a closing quote'],
    ['id,title\np1,"Lamp\n', 'items.csv:2:2 a quoted field opened here is never closed'],
    ['', 'items.csv:1 is empty; a CSV items file starts with a header line'],
    ['id,title,attributes\np1,Lamp,[1]\n', 'items.csv:2:3 attributes: must be a JSON object'],
  ])('names file, line and column: %j', async (content, message) => {
    expect(await failure(items(file('items.csv', content)))).toContain(message);
  });

  it('names the file column as given when --map renamed it', async () => {
    const path = file('items.csv', 'sku,name,published\nA,Lamp,soon\n');
    const map = parseColumnMap(['sku=id', 'name=title', 'published=published_at']);
    expect(await failure(items(path, { map }))).toMatch(/^items\.csv:2:3 published_at \(published in the file\): "soon" is not a time/);
  });

  it('JSON Lines errors give the character where the key starts', async () => {
    expect(await failure(items(file('items.jsonl', '{"id":"a","title":"A"}\n{"id":"b", "title":"B", "hidden":"sometimes"}\n')))).toMatch(
      /^items\.jsonl:2:25 hidden: "sometimes" is not true or false$/,
    );
    expect(await failure(items(file('items.jsonl', '{"id":"a","title":"A"}\n{"id":"b",}\n')))).toMatch(/^items\.jsonl:2(:\d+)? is not valid JSON/);
    expect(await failure(items(file('items.jsonl', '["a"]\n')))).toMatch(/^items\.jsonl:1:1 must be a JSON object/);
    expect(await failure(items(file('items.jsonl', '{"id":"a"}\n')))).toBe('items.jsonl:1 title: is required: an item needs a title of 1–500 characters, not blank');
  });

  it('refuses other extensions and bytes that are not UTF-8', async () => {
    expect(await failure(items(file('items.txt', 'id,title\n')))).toMatch(/name it \.csv, \.jsonl or \.ndjson/);
    expect(await failure(items(file('items.csv', Buffer.from('id,title\nx,Mis\xe9rables\n', 'latin1'))))).toBe('items.csv:2 is not UTF-8 text; save the file as UTF-8');
  });

  it('hands records over in batches and waits for each', async () => {
    const path = file('items.csv', 'id,title\n' + Array.from({ length: 200 }, (_, k) => `i${k},Item ${k}`).join('\n'));
    const batches: number[] = [];
    let busy = false;
    await readItems(path, {
      chunkBytes: 256,
      onBatch: async (batch) => {
        expect(busy).toBe(false);
        busy = true;
        batches.push(batch.length);
        await new Promise((resolve) => setImmediate(resolve));
        busy = false;
      },
    });
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(200);
  });
});

describe('users', () => {
  it('reads ids and "|"-separated labels; refuses unknown columns with the way out', async () => {
    expect(await users(file('users.csv', 'id,labels\nu1,vip|beta\nu2,\n'))).toEqual([
      { line: 2, id: 'u1', labels: ['vip', 'beta'] },
      { line: 3, id: 'u2', labels: [] },
    ]);
    expect(await users(file('users.ndjson', '{"id":"u1","labels":["vip"]}\n'))).toEqual([{ line: 1, id: 'u1', labels: ['vip'] }]);
    expect(await failure(users(file('users.csv', 'id,age\nu1,30\n')))).toBe(
      'users.csv:1:2 unknown column "age"; users have id, labels (rename it with --map age=COLUMN, or leave it out with --map age=)',
    );
    expect(await users(file('users.csv', 'id,age\nu1,30\n'), { map: parseColumnMap(['age=']) })).toEqual([{ line: 2, id: 'u1' }]);
  });
});

describe('events', () => {
  it('reads ratings and typed events; value defaults to 1; time is optional', async () => {
    const path = file(
      'events.csv',
      ['user_id,item_id,kind,value,timestamp', 'u1,p1,view,,2024-03-01T10:00:00Z', 'u1,p1,purchase,2,1709287260', 'u2,p1,rating,4.5,', 'u2,p3,dislike,,'].join('\n'),
    );
    expect(await events(path)).toEqual([
      { line: 2, userId: 'u1', itemId: 'p1', kind: 'view', value: 1, timestamp: { seconds: 1709287200, micros: 0 } },
      { line: 3, userId: 'u1', itemId: 'p1', kind: 'purchase', value: 2, timestamp: { seconds: 1709287260, micros: 0 } },
      { line: 4, userId: 'u2', itemId: 'p1', kind: 'rating', value: 4.5, timestamp: null },
      { line: 5, userId: 'u2', itemId: 'p3', kind: 'dislike', value: 1, timestamp: null },
    ]);
  });

  it.each([
    ['u1,p1,view,abc,', 'events.csv:2:4 value: "abc" is not a number'],
    ['u1,p1,view,-1,', 'events.csv:2:4 value: must be greater than 0 and at most 1000, got -1; a negative signal is a negative feedback type'],
    ['u1,p1,rating,,', 'events.csv:2:4 value: is required for a rating'],
    ['u1,p1,rating,6,', 'events.csv:2:4 value: must be between 0.5 and 5 in half steps (0.5, 1, 1.5, … 5), got 6'],
    ['u1,p1,buy,,', 'events.csv:2:3 kind: "buy" is not a declared feedback type; declared: view, click, like, share, add_to_cart, purchase, skip, dislike, or rating'],
    ['u1,,view,,', 'events.csv:2:2 item_id: is required'],
    ['u1,p1,rating,3.7,', 'events.csv:2:4 value: must be between 0.5 and 5 in half steps'],
    ['u1,p1,view,,tomorrow', 'events.csv:2:5 timestamp: "tomorrow" is not a time'],
  ])('%j → %s', async (line, message) => {
    expect(await failure(events(file('events.csv', `user_id,item_id,kind,value,timestamp\nu0,p0,click,,\n${line}\n`.replace('\nu0,p0,click,,', ''))))).toContain(message);
  });

  it('reports the line of a record that starts after a multi-line field', async () => {
    const path = file('events.csv', 'user_id,item_id,kind\n"u\n1",p1,view\nu2,p2,nope\n');
    expect(await failure(events(path))).toMatch(/^events\.csv:4:3 kind: "nope"/);
  });

  it('knows the kinds declared by a feedback-types file', async () => {
    const types = await readAll<FeedbackTypeRecord>((o) => readFeedbackTypes(file('feedback-types.csv', 'name,weight,polarity\nbuy,4,POSITIVE\n'), o));
    expect(types).toEqual([{ line: 2, name: 'buy', weight: 4, polarity: 'positive' }]);
    const withBuy = declaredKinds(DEFAULT_FEEDBACK_TYPES, types);
    const read = await readAll((o) => readEvents(file('events.jsonl', '{"user_id":"u","item_id":"i","kind":"buy","value":2}\n'), withBuy, o));
    expect(read).toEqual([{ line: 1, userId: 'u', itemId: 'i', kind: 'buy', value: 2, timestamp: null }]);
  });
});

describe('feedback types', () => {
  it.each([
    ['rating,1,positive', 'feedback-types.csv:2:1 name: "rating" is not a feedback type'],
    ['Buy,1,positive', 'feedback-types.csv:2:1 name: must be a lower-case word of 1–32 letters or "_" starting with a letter (e.g. view, add_to_cart), got "Buy"'],
    ['buy,0,positive', 'feedback-types.csv:2:2 weight: must be greater than 0 and at most 1000, got 0'],
    ['buy,1,good', 'feedback-types.csv:2:3 polarity: must be one of positive, negative, neutral, not "good"'],
  ])('%j → %s', async (line, message) => {
    const path = file('feedback-types.csv', `name,weight,polarity\n${line}\n`);
    expect(await failure(readAll((o) => readFeedbackTypes(path, o)))).toContain(message);
  });
});

describe('--map', () => {
  it('refuses malformed maps and a column given two targets', () => {
    expect(() => parseColumnMap(['product_id'])).toThrow(ColumnMapError);
    expect(() => parseColumnMap(['=id'])).toThrow(/names no source column/);
    expect(() => parseColumnMap(['a=id', 'a=title'])).toThrow(/two targets/);
    expect(parseColumnMap(['a=id', 'items:a=title'])).toHaveLength(2);
  });
});
