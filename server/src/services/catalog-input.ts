import type { ItemWrite } from '../data/repositories/item.repository';
import type { UserWrite } from '../data/repositories/user.repository';
import { invalidInput } from './errors';

/** items or users one upsert call may write */
export const MAX_UPSERT = 1000;
export const ITEM_LIMITS = {
  id: 128,
  title: 500,
  description: 10_000,
  /** categories per item, and characters per category */
  categories: 100,
  category: 100,
  /** bytes of an item's attributes as JSON */
  attributesBytes: 16_384,
  /** labels per user, and characters per label */
  labels: 100,
  label: 100,
} as const;

const chars = (s: string) => [...s].length;
const padded = (s: string) => /^\s|\s$/.test(s);

/** refuses a batch over the bound, and the same id twice in one batch */
export function checkBatch(inputs: readonly { id: string }[], what: string): void {
  if (inputs.length > MAX_UPSERT) {
    throw invalidInput('inputs', `"inputs" may hold at most ${MAX_UPSERT.toLocaleString('en')} ${what} per call, got ${inputs.length.toLocaleString('en')}; split the batch`);
  }
  const first = new Map<string, number>();
  for (const [n, input] of inputs.entries()) {
    const m = first.get(input.id);
    if (m !== undefined) throw invalidInput(`inputs[${n}].id`, `inputs[${n}].id "${short(input.id)}" is given twice (also inputs[${m}]); give each ${what.replace(/s$/, '')} once per call`);
    first.set(input.id, n);
  }
}

function checkId(id: string, path: string): void {
  const n = chars(id);
  if (n < 1 || n > ITEM_LIMITS.id) throw invalidInput(path, `${path} must be 1–${ITEM_LIMITS.id} characters, got ${n}`);
  if (padded(id)) throw invalidInput(path, `${path} must not start or end with whitespace`);
  checkText(id, path);
}

function checkText(s: string, path: string): void {
  // PostgreSQL cannot store it in text
  if (s.includes('\u0000')) throw invalidInput(path, `${path} must not contain the NUL character (\\u0000)`);
}

/** a list of short names (categories, labels): each 1–max characters, no surrounding spaces, no "|", each once */
function checkNames(list: readonly string[], path: string, what: string, maxCount: number, maxChars: number, ignoreCase: boolean): void {
  if (list.length > maxCount) throw invalidInput(path, `${path} may hold at most ${maxCount} ${what}, got ${list.length}`);
  const seen = new Set<string>();
  for (const [n, name] of list.entries()) {
    const p = `${path}[${n}]`;
    const len = chars(name);
    if (len < 1 || len > maxChars) throw invalidInput(p, `${p} must be 1–${maxChars} characters, got ${len}`);
    if (padded(name)) throw invalidInput(p, `${p} must not start or end with whitespace`);
    // "|" separates them in the import and export files
    if (name.includes('|')) throw invalidInput(p, `${p} must not contain "|" (it separates ${what} in import and export files)`);
    checkText(name, p);
    const key = ignoreCase ? name.toLowerCase() : name;
    if (seen.has(key)) throw invalidInput(p, `${p} "${short(name)}" is given twice${ignoreCase ? ' (ignoring case, as filters compare them)' : ''}`);
    seen.add(key);
  }
}

/** the item as the repository writes it; the first problem is refused, naming inputs[n].field */
export function checkItemInput(input: ItemWrite, n: number): ItemWrite {
  const path = `inputs[${n}]`;
  checkId(input.id, `${path}.id`);
  const t = chars(input.title);
  if (t < 1 || t > ITEM_LIMITS.title || !input.title.trim()) {
    throw invalidInput(`${path}.title`, `${path}.title must be 1–${ITEM_LIMITS.title} characters and not blank, got ${t}`);
  }
  checkText(input.title, `${path}.title`);
  if (input.description != null) {
    const d = chars(input.description);
    if (d > ITEM_LIMITS.description) throw invalidInput(`${path}.description`, `${path}.description may be at most ${ITEM_LIMITS.description.toLocaleString('en')} characters, got ${d.toLocaleString('en')}`);
    checkText(input.description, `${path}.description`);
  }
  if (input.categories != null) checkNames(input.categories, `${path}.categories`, 'categories', ITEM_LIMITS.categories, ITEM_LIMITS.category, true);
  if (input.publishedAt != null && !Number.isFinite(input.publishedAt.getTime())) {
    throw invalidInput(`${path}.publishedAt`, `${path}.publishedAt is not a valid date-time`);
  }
  if (input.attributes != null) checkAttributes(input.attributes, `${path}.attributes`);
  return input;
}

function checkAttributes(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(path, `${path} must be a JSON object (such as {"brand": "Acme", "price": 12.5}), got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  if (bytes > ITEM_LIMITS.attributesBytes) {
    throw invalidInput(path, `${path} may be at most ${ITEM_LIMITS.attributesBytes.toLocaleString('en')} bytes as JSON, got ${bytes.toLocaleString('en')}`);
  }
  // jsonb refuses it
  if (json.includes('\\u0000')) throw invalidInput(path, `${path} must not contain the NUL character (\\u0000)`);
}

/** the user as the repository writes it; the first problem is refused, naming inputs[n].field */
export function checkUserInput(input: UserWrite, n: number): UserWrite {
  const path = `inputs[${n}]`;
  checkId(input.id, `${path}.id`);
  if (input.labels != null) checkNames(input.labels, `${path}.labels`, 'labels', ITEM_LIMITS.labels, ITEM_LIMITS.label, false);
  return input;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
