import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributesProblem, categoriesProblem, descriptionProblem, idProblem, labelsProblem, titleProblem, type Problem } from '../data/catalog-rules';
import { readAll, readItems, readUsers } from '../data/importers/generic/read-records';
import { checkItemInput, checkUserInput } from './catalog-input';
import { DomainError } from './errors';

/**
 * One table of values, run through both ways of writing items and users: upsertItems/upsertUsers
 * (checkItemInput/checkUserInput) and the generic importer (a JSON Lines file, which can hold every
 * value exactly). Each value is refused by both with the same message after the prefix
 * (`inputs[0].field: ` and `items.jsonl:1:C field: `), or accepted by both.
 */

const dir = mkdtempSync(join(tmpdir(), 'catalog-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function jsonl(name: string, record: Record<string, unknown>): string {
  const sub = join(dir, String(n++));
  mkdirSync(sub);
  writeFileSync(join(sub, name), `${JSON.stringify(record)}\n`);
  return join(sub, name);
}

const x = (len: number) => 'x'.repeat(len);
const many = (count: number) => Array.from({ length: count }, (_, i) => `c${i}`);

type Field = 'id' | 'title' | 'description' | 'categories' | 'attributes';
const rules: Record<Field, (v: never) => Problem | null> = {
  id: idProblem,
  title: titleProblem,
  description: descriptionProblem,
  categories: categoriesProblem,
  attributes: attributesProblem,
};

/** [field, value, the message (after the field), or null when both accept it] */
const ITEM_CASES: [Field, unknown, string | null][] = [
  ['id', '', 'is required: an id of 1–128 characters'],
  ['id', x(129), 'must be 1–128 characters, got 129'],
  ['id', x(128), null],
  ['id', ' padded', 'must not start or end with whitespace, got " padded"'],
  ['id', 'tab\t', 'must not start or end with whitespace, got "tab\\t"'],
  ['id', 'a\u0000b', 'must not contain the NUL character (\\u0000), which the database cannot store'],
  [
    'id',
    'a\u200bb',
    'contains ZERO WIDTH SPACE (\\u200B) at character 2: ids must not contain text-direction or zero-width characters, which make one id look like another. Remove it.',
  ],
  ['id', 'sku 1', null],
  ['title', '', 'is required: an item needs a title of 1–500 characters, not blank'],
  ['title', '   ', 'is required: an item needs a title of 1–500 characters, not blank'],
  ['title', x(501), 'must be at most 500 characters, got 501'],
  ['title', '🫖'.repeat(500), null],
  ['title', ' spaced title ', null],
  ['title', 'T\u0000', 'must not contain the NUL character (\\u0000), which the database cannot store'],
  ['description', x(10_001), 'must be at most 10,000 characters, got 10,001'],
  ['description', '🫖'.repeat(10_000), null],
  ['description', 'd\u0000', 'must not contain the NUL character (\\u0000), which the database cannot store'],
  ['categories', many(101), 'may hold at most 100 categories, got 101'],
  ['categories', many(100), null],
  ['categories', ['Tea', ''], 'entry 2 must be 1–100 characters, got 0'],
  ['categories', [x(101)], 'entry 1 must be 1–100 characters, got 101'],
  ['categories', [' Tea'], 'entry 1 (" Tea") must not start or end with whitespace'],
  ['categories', ['a|b'], 'entry 1 ("a|b") must not contain "|", which separates categories in import and export files; give them as separate entries'],
  ['categories', ['a\u0000'], 'entry 1 must not contain the NUL character (\\u0000), which the database cannot store'],
  ['categories', ['Tea', 'Kitchen', 'tea'], 'entry 3 ("tea") repeats entry 1 (ignoring case, as filters compare them); give each once'],
  ['categories', ['Tea', 'Kitchen'], null],
  ['attributes', [1, 2], 'must be a JSON object (such as {"brand": "Acme", "price": 12.5}), got an array'],
  ['attributes', 'text', 'must be a JSON object (such as {"brand": "Acme", "price": 12.5}), got text'],
  ['attributes', { blob: x(17_000) }, 'may be at most 16,384 bytes as JSON, got 17,011'],
  ['attributes', { k: 'a\u0000' }, 'must not contain the NUL character (\\u0000), which the database cannot store'],
  ['attributes', { brand: 'Acme', price: 12.5, tags: ['a|b'] }, null],
];

/** the message after `inputs[0].field: `, or null when the API accepts the item */
function viaApi(check: () => unknown, field: string): string | null {
  try {
    check();
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    expect(e.kind).toBe('invalid-input');
    expect(e.field).toMatch(new RegExp(`^inputs\\[0\\]\\.${field}(\\[\\d+\\])?$`));
    const prefix = `inputs[0].${field}: `;
    expect(e.message.startsWith(prefix)).toBe(true);
    return e.message.slice(prefix.length);
  }
}

/** the message after `file:line:column field: `, or null when the importer reads the line */
async function viaImport(read: () => Promise<unknown>, file: string, field: string, line = 1): Promise<string | null> {
  const e = await read().then(
    () => null,
    (err: Error) => err,
  );
  if (e === null) return null;
  const m = new RegExp(`^${file.replace('.', '\\.')}:${line}:\\d+ ${field}: ([\\s\\S]*)$`).exec(e.message);
  expect(m).not.toBeNull();
  return m![1];
}

describe('items: the API and the importer apply the same rules', () => {
  it.each(ITEM_CASES)('%s (case %#)', async (field, value, message) => {
    const item = { id: 'sku-1', title: 'Kettle', [field]: value };
    expect(rules[field](value as never)?.message ?? null).toBe(message);
    const api = viaApi(() => checkItemInput(item as never, 0), field);
    const imported = await viaImport(() => readAll((o) => readItems(jsonl('items.jsonl', item), o)), 'items.jsonl', field);
    expect(api).toBe(message);
    expect(imported).toBe(message);
  });
});

const USER_CASES: ['id' | 'labels', unknown, string | null][] = [
  ['id', ' u1', 'must not start or end with whitespace, got " u1"'],
  ['id', x(129), 'must be 1–128 characters, got 129'],
  ['labels', ['vip', 'vip'], 'entry 2 ("vip") repeats entry 1; give each once'],
  ['labels', ['VIP', 'vip'], null],
  ['labels', ['a|b'], 'entry 1 ("a|b") must not contain "|", which separates labels in import and export files; give them as separate entries'],
  ['labels', ['vip '], 'entry 1 ("vip ") must not start or end with whitespace'],
  ['labels', [''], 'entry 1 must be 1–100 characters, got 0'],
  ['labels', many(101), 'may hold at most 100 labels, got 101'],
];

describe('users: the API and the importer apply the same rules', () => {
  it.each(USER_CASES)('%s (case %#)', async (field, value, message) => {
    const user = { id: 'u1', [field]: value };
    expect((field === 'id' ? idProblem(value as string) : labelsProblem(value as string[]))?.message ?? null).toBe(message);
    const api = viaApi(() => checkUserInput(user as never, 0), field);
    const imported = await viaImport(() => readAll((o) => readUsers(jsonl('users.jsonl', user), o)), 'users.jsonl', field);
    expect(api).toBe(message);
    expect(imported).toBe(message);
  });
});

describe('a CSV cell is split on "|" and its entries kept as written', () => {
  it.each([
    ['Tea|Kitchen', null],
    ['Tea| Kitchen', 'entry 2 (" Kitchen") must not start or end with whitespace'],
    ['Tea||Kitchen', 'entry 2 must be 1–100 characters, got 0'],
    ['Tea|tea', 'entry 2 ("tea") repeats entry 1 (ignoring case, as filters compare them); give each once'],
  ])('%j', async (cell, message) => {
    const sub = join(dir, String(n++));
    mkdirSync(sub);
    writeFileSync(join(sub, 'items.csv'), `id,title,categories\nsku-1,Kettle,${cell}\n`);
    const imported = await viaImport(() => readAll((o) => readItems(join(sub, 'items.csv'), o)), 'items.csv', 'categories', 2);
    expect(imported).toBe(message);
    expect(viaApi(() => checkItemInput({ id: 'sku-1', title: 'Kettle', categories: cell.split('|') }, 0), 'categories')).toBe(message);
  });
});
