/**
 * The records of the generic import format and the checks that make them: one builder per kind of
 * file, each reading a Row (either format) and throwing ImportFormatError at file:line:column.
 *
 * A field the file does not have (a CSV column that is not in the header, a key missing from a JSON
 * line) is undefined: an import then leaves that field of an existing row as it is. An empty cell or
 * JSON null is a value: it clears the field (null, [], false).
 */
import {
  attributesProblem,
  categoriesProblem,
  descriptionProblem,
  eventValueProblem,
  feedbackTypeNameProblem,
  feedbackWeightProblem,
  labelsProblem,
  ratingProblem,
  titleProblem,
} from '../../catalog-rules';
import { RATING_KIND, type FeedbackPolarity, type FeedbackType } from '../../../engine/dataset/feedback';
import { FieldError, ImportFormatError } from './format-error';
import type { Row } from './rows';
import type { Problem } from '../../catalog-rules';
import { isEmpty, obey, parseAttributeCell, parseBoolean, parseId, parseList, parseNumber, parseText, parseTimestamp, type Timestamp } from './values';

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
  /** the rating (0.5–5 in half steps) for kind 'rating'; otherwise > 0 and ≤ 1000, 1 when not given */
  value: number;
  timestamp: Timestamp | null;
}

export interface FeedbackTypeRecord extends FeedbackType {
  line: number;
  /** counts as a conversion online (issue 15); undefined (no column, or empty): false for a new type, kept for an existing one */
  conversion?: boolean;
}

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

/** a parsed value that a rule of data/catalog-rules.ts (the API's too) accepts */
function checked<T>(value: T, rule: (value: T) => Problem | null): T {
  obey(rule(value));
  return value;
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
    // an empty cell or a missing title is the empty title, which the rule refuses
    title: field(row, 'title', (raw) => checked(raw == null ? '' : parseText(raw), titleProblem)),
  };
  if (row.has('categories')) rec.categories = field(row, 'categories', (raw) => checked(parseList(raw), categoriesProblem));
  const description = optional(row, 'description', (raw) => checked(parseText(raw), descriptionProblem));
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
      const bad = attributesProblem(value === undefined ? raw : value);
      if (bad) failAt(row, name, bad.message);
      Object.assign(out, value);
      continue;
    }
    if (isEmpty(raw)) continue;
    const key = name.startsWith(ATTRIBUTE_PREFIX) && name.length > ATTRIBUTE_PREFIX.length ? name.slice(ATTRIBUTE_PREFIX.length) : name;
    out[key] = row.format === 'csv' ? parseAttributeCell(raw as string) : raw;
  }
  // all columns together make the one attributes object the rule (size, NUL) applies to
  const bad = attributesProblem(out);
  if (bad) throw new ImportFormatError(row.file, row.line, row.column(extras[0][0]), 'attributes', bad.message);
  return Object.keys(out).length ? out : null;
}

/** the column name a CSV export uses for an attribute (attributes.NAME when NAME is taken) */
export function attributeColumn(name: string): string {
  const own = ['id', 'title', 'categories', 'description', 'published_at', 'hidden', 'attributes'];
  return own.includes(name) || name.startsWith(ATTRIBUTE_PREFIX) ? `${ATTRIBUTE_PREFIX}${name}` : name;
}

export function userRecord(row: Row): UserRecord {
  const rec: UserRecord = { line: row.line, id: field(row, 'id', parseId) };
  if (row.has('labels')) rec.labels = field(row, 'labels', (raw) => checked(parseList(raw), labelsProblem));
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
      throw new FieldError(
        `"${k}" is not a declared feedback type; declared: ${[...kinds.keys()].join(', ')}, or ${RATING_KIND} ` +
          `for an explicit 0.5–5 rating (declare it in a --feedback-types file, or rename it with --map)`,
      );
    }
    return k;
  });
  const value = field(row, 'value', (raw) => {
    if (isEmpty(raw)) {
      if (kind === RATING_KIND) throw new FieldError(`is required for a ${RATING_KIND} (the rating, 0.5–5 in half steps)`);
      return 1;
    }
    return checked(parseNumber(raw), kind === RATING_KIND ? ratingProblem : eventValueProblem);
  });
  const timestamp = optional(row, 'timestamp', parseTimestamp) ?? null;
  return { line: row.line, userId, itemId, kind, value, timestamp };
}

export function feedbackTypeRecord(row: Row): FeedbackTypeRecord {
  const name = field(row, 'name', (raw) => {
    if (isEmpty(raw)) throw new FieldError('is required');
    return checked(parseText(raw), feedbackTypeNameProblem);
  });
  const weight = field(row, 'weight', (raw) => {
    if (isEmpty(raw)) throw new FieldError('is required');
    return checked(parseNumber(raw), feedbackWeightProblem);
  });
  const polarity = field(row, 'polarity', (raw) => {
    const p = isEmpty(raw) ? '' : parseText(raw).trim().toLowerCase();
    if (!(POLARITIES as readonly string[]).includes(p)) throw new FieldError(`must be one of ${POLARITIES.join(', ')}${p ? `, not "${p}"` : ''}`);
    return p as FeedbackPolarity;
  });
  const rec: FeedbackTypeRecord = { line: row.line, name, weight, polarity };
  if (row.has('conversion')) {
    const conversion = field(row, 'conversion', (raw) => (isEmpty(raw) ? undefined : parseBoolean(raw)));
    if (conversion !== undefined) rec.conversion = conversion;
  }
  return rec;
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
