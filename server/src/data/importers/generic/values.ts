/**
 * Parsers for one field's raw value, shared by both formats: a CSV cell arrives as a string, a JSON
 * Lines value as whatever JSON holds (the parsers accept the natural JSON type and its text form).
 * Each throws FieldError with a reason a person can act on; the readers add file, line and column.
 * What a value may be (ids, titles, lists…) is not decided here but in data/catalog-rules.ts, which
 * the API applies too.
 */
import { idProblem, LIST_SEPARATOR, timeProblem, type Problem } from '../../catalog-rules';
import { FieldError } from './format-error';

/** '|' separates categories and labels in a CSV cell, so no single category or label may hold one */
export { LIST_SEPARATOR };

/** a field with nothing in it: a missing key, JSON null, or an empty (or blank) CSV cell */
export function isEmpty(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

const describe = (raw: unknown): string => (typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw));

/** a rule of data/catalog-rules.ts broken: its message, which the readers place at file:line:column */
export function obey(found: Problem | null): void {
  if (found) throw new FieldError(found.message);
}

/**
 * An id: text exactly as written, or a whole JSON number; then the id rule the API applies too
 * (1–128 characters, no surrounding whitespace, no NUL or invisible characters).
 */
export function parseId(raw: unknown): string {
  let id: string;
  if (typeof raw === 'string') id = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) id = String(raw);
  else if (raw === undefined || raw === null)
    id = ''; // the rule says it is required
  else throw new FieldError(`${describe(raw)} is not an id (text or a whole number)`);
  obey(idProblem(id));
  return id;
}

/** free text: kept as written (a CSV cell's spaces are the author's); numbers are accepted as their text */
export function parseText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  throw new FieldError(`${describe(raw)} is not text`);
}

/**
 * Categories or labels: '|'-separated text in CSV ("electronics|audio"), an array of strings in JSON
 * (a '|'-separated string is accepted there too). Entries are kept as written: the categories and
 * labels rules then refuse an empty or padded one, as the API does.
 */
export function parseList(raw: unknown): string[] {
  if (isEmpty(raw)) return [];
  if (typeof raw === 'string') return raw.split(LIST_SEPARATOR);
  if (!Array.isArray(raw)) throw new FieldError(`${describe(raw)} is not a list (an array of strings, or text separated by "|")`);
  return raw.map((entry, k) => {
    if (typeof entry !== 'string') throw new FieldError(`entry ${k + 1} (${describe(entry)}) is not a string`);
    return entry;
  });
}

const TRUE = new Set(['true', '1', 'yes', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'f', 'n']);

/** true/false (also 1/0, yes/no, t/f, y/n, any case); empty means false */
export function parseBoolean(raw: unknown): boolean {
  if (isEmpty(raw)) return false;
  if (typeof raw === 'boolean') return raw;
  if (raw === 0 || raw === 1) return raw === 1;
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  throw new FieldError(`${describe(raw)} is not true or false`);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** a finite decimal number ("3", "0.5", "2e3") */
export function parseNumber(raw: unknown): number {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return raw;
  } else if (typeof raw === 'string') {
    const s = raw.trim();
    if (DECIMAL.test(s)) return Number(s);
  }
  throw new FieldError(`${describe(raw)} is not a number`);
}

/**
 * A moment with microsecond precision (what a PostgreSQL timestamptz holds), kept as whole seconds
 * since the Unix epoch plus microseconds, so that exporting and re-importing gives back the same value
 * even where a double of microseconds would round (before 1685).
 */
export interface Timestamp {
  seconds: number;
  /** 0–999,999 */
  micros: number;
}

const UNIX = /^(-?)(\d{1,12})(?:\.(\d{1,6}))?$/;
// 2024, 2024-03, 2024-03-01, 2024-03-01T10:00, 2024-03-01 10:00:00.123456+02:00 …
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

/**
 * ISO 8601 ("2024-03-01T10:00:00Z", "2024-03-01 10:00:00+02:00", "2024-03-01", or a year "1995",
 * which means 1 January of it) or Unix seconds ("1709287200", "1709287200.5"). A time without a zone
 * is UTC. Exactly four digits (text or a JSON number) read as a year, never as seconds after 1970.
 */
export function parseTimestamp(raw: unknown): Timestamp {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new FieldError(`${describe(raw)} is not a time`);
    if (Number.isInteger(raw) && raw >= 1000 && raw <= 9999) return parseTimestamp(String(raw));
    let seconds = Math.floor(raw);
    let micros = Math.round((raw - seconds) * 1e6);
    if (micros === 1_000_000) {
      seconds++;
      micros = 0;
    }
    return checkRange({ seconds, micros }, raw);
  }
  if (typeof raw !== 'string') throw new FieldError(`${describe(raw)} is not a time (ISO 8601 text or Unix seconds)`);
  const s = raw.trim();
  const iso = /^\d{4}$/.test(s) ? ISO.exec(s) : null;
  const unix = iso ? null : UNIX.exec(s);
  if (unix) {
    const whole = Number(unix[2]);
    const micros = unix[3] ? Number(unix[3].padEnd(6, '0')) : 0;
    const t = unix[1] === '-' ? (micros ? { seconds: -whole - 1, micros: 1_000_000 - micros } : { seconds: -whole, micros: 0 }) : { seconds: whole, micros };
    return checkRange(t, raw);
  }
  const m = iso ?? ISO.exec(s);
  if (!m) {
    throw new FieldError(`"${raw}" is not a time; write ISO 8601 (2024-03-01T10:00:00Z, 2024-03-01) or Unix seconds (1709287200)`);
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2] ?? '01', m[3] ?? '01', m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'].map(Number);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  if (
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    d.getUTCHours() !== hour ||
    d.getUTCMinutes() !== minute ||
    d.getUTCSeconds() !== second ||
    year === 0
  ) {
    throw new FieldError(`"${raw}" is not a valid date and time`);
  }
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const h = Number(digits.slice(0, 2));
    const mm = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (h > 23 || mm > 59 || (digits.length !== 2 && digits.length !== 4)) throw new FieldError(`"${raw}" has an invalid time zone offset ${zone}`);
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (h * 60 + mm);
  }
  const frac = m[7] ?? '';
  if (frac.length > 6 && /[1-9]/.test(frac.slice(6))) throw new FieldError(`"${raw}" is more precise than a microsecond`);
  const seconds = d.getTime() / 1000 - offsetMinutes * 60;
  return checkRange({ seconds, micros: frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0 }, raw);
}

function checkRange(t: Timestamp, raw: unknown): Timestamp {
  obey(timeProblem(t.seconds, describe(raw)));
  return t;
}

/** seconds since the epoch as a double (what the engine's datasets hold) */
export function timestampSeconds(t: Timestamp): number {
  return t.seconds + t.micros / 1e6;
}

/**
 * UTC ISO 8601 with as many fraction digits as the value needs (none, or six):
 * 2024-03-01T10:00:00Z, 2024-03-01T10:00:00.250000Z. PostgreSQL and parseTimestamp read it back exactly.
 */
export function formatTimestamp(t: Timestamp): string {
  const d = new Date(t.seconds * 1000);
  const y = d.getUTCFullYear();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return t.micros ? `${base}.${pad(t.micros, 6)}Z` : `${base}Z`;
}

/**
 * An attribute's CSV cell: JSON when the cell is a JSON number, boolean, null, array, object or a
 * quoted string ("42" → 42, [1,2] → [1,2], "\"42\"" → "42"); anything else is the text itself.
 * formatAttributeCell is the inverse, so every JSON value survives a CSV round trip.
 */
export function parseAttributeCell(cell: string): unknown {
  const s = cell.trim();
  const c = s.charCodeAt(0);
  // only cells that can start a JSON value are tried: plain words never pay for a failed JSON.parse
  const mayBeJson = c === 34 || c === 45 || c === 91 || c === 123 || (c >= 48 && c <= 57) || s === 'true' || s === 'false' || s === 'null';
  if (mayBeJson) {
    try {
      return JSON.parse(s);
    } catch {
      // not JSON: the text it is
    }
  }
  return cell;
}

export function formatAttributeCell(value: unknown): string {
  if (typeof value === 'string') {
    // written bare unless reading it back would give something else (a number, JSON, padding lost)
    return value.trim() === value && value !== '' && parseAttributeCell(value) === value ? value : JSON.stringify(value);
  }
  return JSON.stringify(value);
}
