/**
 * The records of the generic import format and the checks that make them: one builder per kind of
 * file, each reading a Row (either format) and throwing ImportFormatError at file:line:column.
 *
 * A field the file does not have (a CSV column that is not in the header, a key missing from a JSON
 * line) is undefined: an import then leaves that field of an existing row as it is. An empty cell or
 * JSON null is a value: it clears the field (null, [], false).
 */
import { FEEDBACK_KIND_PATTERN, RATING_KIND, type FeedbackPolarity, type FeedbackType } from '../../../engine/dataset/feedback';
import { FieldError, ImportFormatError } from './format-error';
import type { Row } from './rows';
import {
  isEmpty, parseAttributeCell, parseBoolean, parseId, parseList, parseNumber, parseText, parseTimestamp, type Timestamp,
} from './values';

export interface ItemRecord {
  line: number;
  id: string;
  title: string;
  categories?: string[];
  description?: string | null;
  publishedAt?: Timestamp | null;
  hidden?: boolean;
  /** undefined: the line has no attribute columns; null: it has them, all empty */
  attributes?: Record<string, unknown> | null;
}

export interface UserRecord {
  line: number;
  id: string;
  labels?: string[];
}

export interface EventRecord {
  line: number;
  userId: string;
  itemId: string;
  /** 'rating', or a declared feedback type */
  kind: string;
  /** the rating (0.5–5) for kind 'rating'; otherwise > 0 and ≤ 1000, 1 when not given */
  value: number;
  timestamp: Timestamp | null;
}

export interface FeedbackTypeRecord extends FeedbackType {
  line: number;
}

export const RATING_RANGE = { min: 0.5, max: 5 } as const;
/** the items table's checks */
export const MAX_TITLE_LENGTH = 500;
export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_EVENT_VALUE = 1000;
export const MAX_FEEDBACK_WEIGHT = 1000;
const POLARITIES: readonly FeedbackPolarity[] = ['positive', 'negative', 'neutral'];

/** reads one field through a parser, turning its FieldError into an error at the field's place */
function field<T>(row: Row, name: string, parse: (raw: unknown) => T): T {
  try {
    return parse(row.get(name));
  } catch (e) {
    if (e instanceof FieldError) throw new ImportFormatError(row.file, row.line, row.column(name), row.label(name), e.reason);
    throw e;
  }
}

function failAt(row: Row, name: string, reason: string): never {
  throw new ImportFormatError(row.file, row.line, row.column(name), row.label(name), reason);
}

/** a field that may be left empty: undefined when absent, null when empty, else parsed */
function optional<T>(row: Row, name: string, parse: (raw: unknown) => T): T | null | undefined {
  if (!row.has(name)) return undefined;
  return isEmpty(row.get(name)) ? null : field(row, name, parse);
}

export function itemRecord(row: Row): ItemRecord {
  const rec: ItemRecord = {
    line: row.line,
    id: field(row, 'id', parseId),
    title: field(row, 'title', (raw) => {
      if (isEmpty(raw)) throw new FieldError('is required (an item needs a title)');
      return parseText(raw, MAX_TITLE_LENGTH);
    }),
  };
  if (row.has('categories')) rec.categories = field(row, 'categories', parseList);
  const description = optional(row, 'description', (raw) => parseText(raw, MAX_DESCRIPTION_LENGTH));
  if (description !== undefined) rec.description = description;
  const published = optional(row, 'published_at', parseTimestamp);
  if (published !== undefined) rec.publishedAt = published;
  if (row.has('hidden')) rec.hidden = field(row, 'hidden', parseBoolean);
  const attributes = itemAttributes(row);
  if (attributes !== undefined) rec.attributes = attributes;
  return rec;
}

const ATTRIBUTE_PREFIX = 'attributes.';

/**
 * Every column outside the format's own is an attribute. `attributes` itself may hold a JSON object
 * (how JSON Lines exports write them), and `attributes.NAME` names an attribute explicitly (how a CSV
 * export writes one whose name is also a column of the format, such as "title").
 */
function itemAttributes(row: Row): Record<string, unknown> | null | undefined {
  const extras = row.extras();
  if (extras.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of extras) {
    if (name === 'attributes') {
      if (isEmpty(raw)) continue;
      let value = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          value = undefined;
        }
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        failAt(row, name, 'must be a JSON object of attributes, such as {"color":"red"}');
      }
      Object.assign(out, value);
      continue;
    }
    if (isEmpty(raw)) continue;
    const key = name.startsWith(ATTRIBUTE_PREFIX) && name.length > ATTRIBUTE_PREFIX.length ? name.slice(ATTRIBUTE_PREFIX.length) : name;
    out[key] = row.format === 'csv' ? parseAttributeCell(raw as string) : raw;
  }
  // jsonb refuses the \u0000 escape, as text refuses NUL
  if (JSON.stringify(out).includes('\\u0000')) failAt(row, extras[0][0], 'an attribute contains a NUL character (U+0000), which the database cannot store');
  return Object.keys(out).length ? out : null;
}

/** the column name a CSV export uses for an attribute (attributes.NAME when NAME is taken) */
export function attributeColumn(name: string): string {
  const own = ['id', 'title', 'categories', 'description', 'published_at', 'hidden', 'attributes'];
  return own.includes(name) || name.startsWith(ATTRIBUTE_PREFIX) ? `${ATTRIBUTE_PREFIX}${name}` : name;
}

export function userRecord(row: Row): UserRecord {
  const rec: UserRecord = { line: row.line, id: field(row, 'id', parseId) };
  if (row.has('labels')) rec.labels = field(row, 'labels', parseList);
  return rec;
}

/** the feedback types an events file may use, by name ('rating' is always allowed) */
export type DeclaredKinds = ReadonlyMap<string, FeedbackType>;

export function eventRecord(row: Row, kinds: DeclaredKinds): EventRecord {
  const userId = field(row, 'user_id', parseId);
  const itemId = field(row, 'item_id', parseId);
  const kind = field(row, 'kind', (raw) => {
    if (isEmpty(raw)) throw new FieldError(`is required: ${RATING_KIND} or a feedback type (${[...kinds.keys()].join(', ')})`);
    const k = parseText(raw).trim();
    if (k !== RATING_KIND && !kinds.has(k)) {
      throw new FieldError(`"${k}" is not a declared feedback type; declared: ${[...kinds.keys()].join(', ')}, or ${RATING_KIND} ` +
        `for an explicit 0.5–5 rating (declare it in a --feedback-types file, or rename it with --map)`);
    }
    return k;
  });
  const value = field(row, 'value', (raw) => {
    if (isEmpty(raw)) {
      if (kind === RATING_KIND) throw new FieldError(`is required for a ${RATING_KIND} (the rating, ${RATING_RANGE.min}–${RATING_RANGE.max})`);
      return 1;
    }
    const v = parseNumber(raw);
    if (kind === RATING_KIND && (v < RATING_RANGE.min || v > RATING_RANGE.max)) {
      throw new FieldError(`rating ${v} is outside ${RATING_RANGE.min}–${RATING_RANGE.max}`);
    }
    if (kind !== RATING_KIND && !(v > 0 && v <= MAX_EVENT_VALUE)) {
      throw new FieldError(`${v} is outside the range of an event's value (more than 0, at most ${MAX_EVENT_VALUE}); ` +
        `a negative signal is a negative feedback type such as dislike, not a negative value`);
    }
    return v;
  });
  const timestamp = optional(row, 'timestamp', parseTimestamp) ?? null;
  return { line: row.line, userId, itemId, kind, value, timestamp };
}

export function feedbackTypeRecord(row: Row): FeedbackTypeRecord {
  const name = field(row, 'name', (raw) => {
    if (isEmpty(raw)) throw new FieldError('is required');
    const s = parseText(raw).trim();
    if (s === RATING_KIND) throw new FieldError(`"${RATING_KIND}" is not a feedback type: ratings carry their own 0.5–5 value`);
    if (!FEEDBACK_KIND_PATTERN.test(s)) throw new FieldError(`"${s}" must be a lower-case word of 1–32 letters or "_", starting with a letter`);
    return s;
  });
  const weight = field(row, 'weight', (raw) => {
    if (isEmpty(raw)) throw new FieldError('is required');
    const w = parseNumber(raw);
    if (!(w > 0 && w <= MAX_FEEDBACK_WEIGHT)) {
      throw new FieldError(`${w} is outside (0, ${MAX_FEEDBACK_WEIGHT}]; a type that counts against an item has polarity negative and a positive weight`);
    }
    return w;
  });
  const polarity = field(row, 'polarity', (raw) => {
    const p = isEmpty(raw) ? '' : parseText(raw).trim().toLowerCase();
    if (!(POLARITIES as readonly string[]).includes(p)) throw new FieldError(`must be one of ${POLARITIES.join(', ')}${p ? `, not "${p}"` : ''}`);
    return p as FeedbackPolarity;
  });
  return { line: row.line, name, weight, polarity };
}

/**
 * The feedback types in force for an import: the ones already declared (the database's, or the
 * defaults for the database-less eval) with the file's added or replacing them by name.
 */
export function declaredKinds(base: readonly FeedbackType[], file: readonly FeedbackType[] = []): Map<string, FeedbackType> {
  const out = new Map<string, FeedbackType>();
  for (const t of [...base, ...file]) out.set(t.name, { name: t.name, weight: t.weight, polarity: t.polarity });
  return out;
}
