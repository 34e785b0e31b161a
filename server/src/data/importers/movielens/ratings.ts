import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { forEachLine } from '../line-reader';
import { MovieLensFormatError } from './format-error';
import { parseId } from './movies';
import type { MovieLensLayout, MovieLensRatings } from './types';

const SEPARATOR: Record<MovieLensLayout, string> = { '100k': '\t', '1m': '::', latest: ',' };
const FIELDS: Record<MovieLensLayout, string> = {
  '100k': 'user id, item id, rating, timestamp',
  '1m': 'UserID::MovieID::Rating::Timestamp',
  latest: 'userId,movieId,rating,timestamp',
};
const CSV_HEADER = 'userId,movieId,rating,timestamp';

/** Parallel typed arrays that double when full: no JS object per rating, even for 10M of them. */
class RatingColumns {
  count = 0;
  users: Uint32Array;
  items: Uint32Array;
  values: Float32Array;
  timestamps: Float64Array;

  constructor(capacity: number) {
    this.users = new Uint32Array(capacity);
    this.items = new Uint32Array(capacity);
    this.values = new Float32Array(capacity);
    this.timestamps = new Float64Array(capacity);
  }

  push(user: number, item: number, value: number, timestamp: number): void {
    if (this.count === this.users.length) this.grow();
    const k = this.count++;
    this.users[k] = user;
    this.items[k] = item;
    this.values[k] = value;
    this.timestamps[k] = timestamp;
  }

  private grow(): void {
    const n = this.users.length * 2;
    const grown = <T extends Uint32Array | Float32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    this.users = grown(this.users, new Uint32Array(n));
    this.items = grown(this.items, new Uint32Array(n));
    this.values = grown(this.values, new Float32Array(n));
    this.timestamps = grown(this.timestamps, new Float64Array(n));
  }

  /** views of the filled part (no copy) */
  result(): MovieLensRatings {
    const n = this.count;
    return {
      count: n,
      users: this.users.subarray(0, n),
      items: this.items.subarray(0, n),
      values: this.values.subarray(0, n),
      timestamps: this.timestamps.subarray(0, n),
    };
  }
}

/** A rating such as "4", "3.5" or "4.0": digits with an optional fraction, nothing else. */
function parseRating(s: string): number {
  return /^\d{1,3}(\.\d{1,6})?$/.test(s) ? Number(s) : NaN;
}

/**
 * Which movie ids exist, as a bitmap when the ids are small enough (they are in every MovieLens
 * release: 10M lookups in a Uint8Array instead of a Map), else the Map itself.
 */
function movieIdTest(movieIds: ReadonlyMap<number, number>): (id: number) => boolean {
  let max = 0;
  for (const id of movieIds.keys()) if (id > max) max = id;
  if (max >= 1 << 26) return (id) => movieIds.has(id);
  const known = new Uint8Array(max + 1);
  for (const id of movieIds.keys()) known[id] = 1;
  return (id) => known[id] === 1;
}

/** The fast path's result slots (module-level to avoid an object per line). */
let fUser = 0;
let fItem = 0;
let fValue = 0;
let fTime = 0;

/**
 * Reads "user SEP item SEP rating SEP timestamp" straight from the bytes. Returns false on anything
 * unexpected; the caller then re-reads the line as text (slowLine) to say exactly what is wrong.
 */
function fastLine(b: Buffer, s: number, e: number, sep: Uint8Array): boolean {
  let i = s;
  const sepLen = sep.length;
  const atSep = (): boolean => {
    for (let k = 0; k < sepLen; k++) if (b[i + k] !== sep[k]) return false;
    return i + sepLen <= e;
  };
  let v = 0;
  let n = 0;
  for (let c = b[i]; i < e && c >= 48 && c <= 57; c = b[++i]) {
    v = v * 10 + (c - 48);
    n++;
  }
  if (n === 0 || n > 10 || v > 0xffffffff || !atSep()) return false;
  fUser = v;
  i += sepLen;
  v = 0;
  n = 0;
  for (let c = b[i]; i < e && c >= 48 && c <= 57; c = b[++i]) {
    v = v * 10 + (c - 48);
    n++;
  }
  if (n === 0 || n > 10 || v > 0xffffffff || !atSep()) return false;
  fItem = v;
  i += sepLen;
  v = 0;
  n = 0;
  for (let c = b[i]; i < e && c >= 48 && c <= 57; c = b[++i]) {
    v = v * 10 + (c - 48);
    n++;
  }
  if (n === 0 || n > 3) return false;
  if (b[i] === 46 && i < e) {
    i++;
    let frac = 0;
    let scale = 1;
    for (let c = b[i]; i < e && c >= 48 && c <= 57; c = b[++i]) {
      frac = frac * 10 + (c - 48);
      scale *= 10;
    }
    if (scale === 1 || scale > 1e6) return false;
    v += frac / scale;
  }
  if (!atSep()) return false;
  fValue = v;
  i += sepLen;
  v = 0;
  n = 0;
  for (let c = b[i]; i < e && c >= 48 && c <= 57; c = b[++i]) {
    v = v * 10 + (c - 48);
    n++;
  }
  if (n === 0 || n > 15 || i !== e) return false;
  fTime = v;
  return true;
}

export async function parseRatings(
  layout: MovieLensLayout,
  file: string,
  movieIds: ReadonlyMap<number, number>,
  moviesFile: string,
  onProgress?: (done: number, total: number) => void,
): Promise<MovieLensRatings> {
  const sep = SEPARATOR[layout];
  const sepBytes = Buffer.from(sep, 'latin1');
  const hasHeader = layout === 'latest';
  // ~22 bytes per line in every layout: size the columns once, so growth is the exception
  const columns = new RatingColumns(Math.max(1024, Math.ceil(statSync(file).size / 20)));
  const isMovie = movieIdTest(movieIds);
  const fail = (line: number, reason: string): never => {
    throw new MovieLensFormatError(file, line, reason);
  };
  const moviesName = basename(moviesFile);

  /** The text path: every check spelled out, so a bad line gets a precise reason. */
  const slowLine = (text: string, line: number): void => {
    if (hasHeader && line === 1) {
      if (text.trim() !== CSV_HEADER) fail(1, `expected the header "${CSV_HEADER}"`);
      return;
    }
    if (text.trim() === '') return;
    const f = text.split(sep);
    if (f.length !== 4) fail(line, `expected 4 fields (${FIELDS[layout]}), found ${f.length}`);
    const user = parseId(f[0]);
    if (user < 0) fail(line, `user id "${f[0]}" is not a whole number`);
    const item = parseId(f[1]);
    if (item < 0) fail(line, `movie id "${f[1]}" is not a whole number`);
    const value = parseRating(f[2]);
    if (value !== value) fail(line, `rating "${f[2]}" is not a number`);
    if (value < 0.5 || value > 5) fail(line, `rating ${f[2]} is outside 0.5–5`);
    const ts = f[3].length <= 15 && /^\d+$/.test(f[3]) ? Number(f[3]) : NaN;
    if (ts !== ts) fail(line, `timestamp "${f[3]}" is not a whole number of seconds`);
    if (!isMovie(item)) fail(line, `movie id ${item} is not in ${moviesName}`);
    columns.push(user, item, value, ts);
  };

  await forEachLine(
    file,
    (bytes, start, end, line) => {
      if (line > 1 || !hasHeader) {
        if (fastLine(bytes, start, end, sepBytes) && fValue >= 0.5 && fValue <= 5 && isMovie(fItem)) {
          columns.push(fUser, fItem, fValue, fTime);
          return;
        }
      }
      slowLine(bytes.toString('latin1', start, end), line);
    },
    onProgress,
  );

  return columns.result();
}
