/**
 * What an item, a user, an event and a feedback type may hold: the one declaration both ways of
 * writing them use, the GraphQL mutations (services/catalog-input.ts, feedback services) and the
 * generic importer (data/importers/generic). So a value one refuses the other refuses too, in the
 * same words: the API prefixes a message with `inputs[n].field: ` (BAD_USER_INPUT), the importer
 * with `file:line:column field: `.
 *
 * Why here, in data/: the limits are the database's (column lengths and CHECKs of the items, users,
 * interactions and feedback_types tables, what PostgreSQL text and jsonb can store, and what the
 * export format can write back), and data/ is the lowest layer both writers may import: the importer
 * lives in data/ and must not import services/; services import data/. The module is pure (no
 * database, no fs), so the engine-free eval CLI reads files through the same rules.
 *
 * Each rule takes a value already in its natural type (a format's parsing — CSV cells, JSON numbers
 * as ids — happens before) and returns null, or a Problem whose message a person can act on.
 */
import { FEEDBACK_KIND_PATTERN, RATING_KIND } from '../engine/dataset/feedback';

export interface Problem {
  message: string;
  /** for a list field: the 0-based entry at fault (the API names it as field[entry]) */
  entry?: number;
}

export const LIMITS = {
  /** characters of an id (items.external_id, users.external_id) */
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
  /** the largest feedback type weight and the largest value of one event (the database checks both) */
  feedbackNumber: 1000,
} as const;

/** separates categories and labels in a CSV cell (and in the COPY the importer streams) */
export const LIST_SEPARATOR = '|';
/** an explicit rating: 0.5–5 in half steps */
export const RATING_VALUES: readonly number[] = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];
/** the times the export format writes with four-digit years and reads back: 0001-01-01 … 9999-12-31 */
export const TIME_RANGE_SECONDS = { min: -62_135_596_800, max: 253_402_300_799 } as const;

/** characters as PostgreSQL counts them (code points), not UTF-16 units */
const chars = (s: string) => [...s].length;
const padded = (s: string) => /^\s|\s$/.test(s);
const fmt = (n: number) => n.toLocaleString('en');
const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
const problem = (message: string, entry?: number): Problem => (entry === undefined ? { message } : { message, entry });

/** PostgreSQL text cannot hold U+0000 */
const NUL = 'must not contain the NUL character (\\u0000), which the database cannot store';

/**
 * Invisible characters that change how text around them is shown (Trojan Source, CVE-2021-42574):
 * bidirectional embeddings, overrides, isolates and marks, and zero-width characters. In an id they
 * make two different ids look the same, or one id look like another, in logs, tables and consoles.
 */
const INVISIBLE: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};
const INVISIBLE_RE = new RegExp(
  `[${Object.keys(INVISIBLE)
    .map((c) => `\\u${Number(c).toString(16).padStart(4, '0')}`)
    .join('')}]`,
  'g',
);
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** the text with every such character written as a \uXXXX escape (safe to show in a message or log) */
export const escapeInvisible = (s: string): string => s.replace(INVISIBLE_RE, escapeChar);

/** the first invisible character of an id: its escape, its position (1-based, in characters) and the problem */
export function invisibleInId(id: string): { code: string; position: number; problem: Problem } | null {
  let position = 0;
  for (const char of id) {
    position++;
    const name = INVISIBLE[char.codePointAt(0)!];
    if (name) {
      const code = escapeChar(char);
      return {
        code,
        position,
        problem: problem(
          `contains ${name} (${code}) at character ${position}: ids must not contain text-direction or zero-width characters, which make one id look like another. Remove it.`,
        ),
      };
    }
  }
  return null;
}

/** an item's or a user's id (also the ids an event names) */
export function idProblem(id: string): Problem | null {
  const n = chars(id);
  if (n < 1) return problem(`is required: an id of 1–${LIMITS.id} characters`);
  if (n > LIMITS.id) return problem(`must be 1–${LIMITS.id} characters, got ${n}`);
  if (padded(id)) return problem(`must not start or end with whitespace, got ${quote(escapeInvisible(id))}`);
  if (id.includes('\u0000')) return problem(NUL);
  return invisibleInId(id)?.problem ?? null;
}

export function titleProblem(title: string): Problem | null {
  const n = chars(title);
  if (!title.trim()) return problem(`is required: an item needs a title of 1–${LIMITS.title} characters, not blank`);
  if (n > LIMITS.title) return problem(`must be at most ${LIMITS.title} characters, got ${fmt(n)}`);
  return title.includes('\u0000') ? problem(NUL) : null;
}

export function descriptionProblem(description: string): Problem | null {
  const n = chars(description);
  if (n > LIMITS.description) return problem(`must be at most ${fmt(LIMITS.description)} characters, got ${fmt(n)}`);
  return description.includes('\u0000') ? problem(NUL) : null;
}

/**
 * A list of short names: at most maxCount, each 1–maxChars characters, no surrounding whitespace,
 * no "|" (it separates them in import and export files), each once.
 */
function namesProblem(list: readonly string[], what: 'categories' | 'labels', maxCount: number, maxChars: number, ignoreCase: boolean): Problem | null {
  if (list.length > maxCount) return problem(`may hold at most ${maxCount} ${what}, got ${fmt(list.length)}`);
  const seen = new Map<string, number>();
  for (const [k, name] of list.entries()) {
    const entry = `entry ${k + 1}`;
    const len = chars(name);
    if (len < 1 || len > maxChars) return problem(`${entry} must be 1–${maxChars} characters, got ${len}`, k);
    if (padded(name)) return problem(`${entry} (${quote(name)}) must not start or end with whitespace`, k);
    if (name.includes(LIST_SEPARATOR)) {
      return problem(`${entry} (${quote(name)}) must not contain "${LIST_SEPARATOR}", which separates ${what} in import and export files; give them as separate entries`, k);
    }
    if (name.includes('\u0000')) return problem(`${entry} ${NUL}`, k);
    const key = ignoreCase ? name.toLowerCase() : name;
    const first = seen.get(key);
    if (first !== undefined) {
      return problem(`${entry} (${quote(name)}) repeats entry ${first + 1}${ignoreCase ? ' (ignoring case, as filters compare them)' : ''}; give each once`, k);
    }
    seen.set(key, k);
  }
  return null;
}

/** an item's categories: ≤ 100, each 1–100 characters, no "|", no two equal ignoring case */
export const categoriesProblem = (list: readonly string[]): Problem | null => namesProblem(list, 'categories', LIMITS.categories, LIMITS.category, true);

/** a user's labels: ≤ 100, each 1–100 characters, no "|", no two equal */
export const labelsProblem = (list: readonly string[]): Problem | null => namesProblem(list, 'labels', LIMITS.labels, LIMITS.label, false);

const kindOf = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'string' ? 'text' : `a ${typeof v}`);

/** an item's attributes: a JSON object of at most 16 KB as JSON, no NUL anywhere */
export function attributesProblem(value: unknown): Problem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return problem(`must be a JSON object (such as {"brand": "Acme", "price": 12.5}), got ${kindOf(value)}`);
  }
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  if (bytes > LIMITS.attributesBytes) return problem(`may be at most ${fmt(LIMITS.attributesBytes)} bytes as JSON, got ${fmt(bytes)}`);
  // jsonb refuses the \u0000 escape, as text refuses NUL
  return json.includes('\\u0000') ? problem(NUL) : null;
}

/** a time (publishedAt, an event's timestamp) as seconds since the epoch; `shown` is how the caller wrote it */
export function timeProblem(seconds: number, shown: string): Problem | null {
  if (!Number.isFinite(seconds)) return problem(`${shown} is not a valid date and time`);
  if (seconds < TIME_RANGE_SECONDS.min || seconds > TIME_RANGE_SECONDS.max) return problem(`${shown} is outside the years 1–9999`);
  return null;
}

/** the value of one implicit event (the type's weight multiplies it) */
export function eventValueProblem(value: number): Problem | null {
  if (Number.isFinite(value) && value > 0 && value <= LIMITS.feedbackNumber) return null;
  return problem(
    `must be greater than 0 and at most ${LIMITS.feedbackNumber}, got ${value}; ` + 'a negative signal is a negative feedback type such as dislike, not a negative value',
  );
}

/** an explicit rating */
export function ratingProblem(rating: number): Problem | null {
  if (RATING_VALUES.includes(rating)) return null;
  return problem(`must be between 0.5 and 5 in half steps (0.5, 1, 1.5, … 5), got ${rating}`);
}

export function feedbackTypeNameProblem(name: string): Problem | null {
  if (name === RATING_KIND) {
    return problem(
      `"${RATING_KIND}" is not a feedback type: ratings carry their own 0.5–5 value (rateItem in the API, kind rating in an events file). Pick another name, such as "like".`,
    );
  }
  if (!FEEDBACK_KIND_PATTERN.test(name)) {
    return problem(`must be a lower-case word of 1–32 letters or "_" starting with a letter (e.g. view, add_to_cart), got ${JSON.stringify(name)}`);
  }
  return null;
}

export function feedbackWeightProblem(weight: number): Problem | null {
  if (Number.isFinite(weight) && weight > 0 && weight <= LIMITS.feedbackNumber) return null;
  return problem(
    `must be greater than 0 and at most ${LIMITS.feedbackNumber}, got ${weight}; ` + 'for feedback that should count against an item use polarity NEGATIVE with a positive weight',
  );
}
