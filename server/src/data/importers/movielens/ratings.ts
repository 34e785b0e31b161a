import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { forEachLine } from './line-reader';
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

export async function parseRatings(
  layout: MovieLensLayout,
  file: string,
  movieIds: ReadonlyMap<number, number>,
  moviesFile: string,
  onProgress?: (done: number, total: number) => void,
): Promise<MovieLensRatings> {
  const sep = SEPARATOR[layout];
  const hasHeader = layout === 'latest';
  // ~22 bytes per line in every layout: size the columns once, so growth is the exception
  const columns = new RatingColumns(Math.max(1024, Math.ceil(statSync(file).size / 20)));
  const fail = (line: number, reason: string): never => {
    throw new MovieLensFormatError(file, line, reason);
  };
  const moviesName = basename(moviesFile);

  await forEachLine(file, (text, line) => {
    if (hasHeader && line === 1) {
      if (text.trim() !== CSV_HEADER) fail(1, `expected the header "${CSV_HEADER}"`);
      return;
    }
    if (text.length === 0 || text.trim() === '') return;
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
    if (!movieIds.has(item)) fail(line, `movie id ${item} is not in ${moviesName}`);
    columns.push(user, item, value, ts);
  }, onProgress);

  return columns.result();
}
