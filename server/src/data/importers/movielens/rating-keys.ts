/**
 * Facts about the parsed ratings that save the database a pass over millions of staged rows:
 * the distinct users (a few thousand rows to stage instead of a DISTINCT over every rating), and
 * whether any (user, movie) pair repeats (when none does, the merge needs no DISTINCT ON sort).
 */
import type { MovieLensRatings } from './types';

const BITMAP_MAX_ID = 1 << 27; // a 128 MB-at-most presence table; larger ids use a Set

/** the distinct user ids, in the order they first appear in the file */
export function usersInOrder(ratings: MovieLensRatings): number[] {
  const { users, count } = ratings;
  let max = 0;
  for (let k = 0; k < count; k++) if (users[k] > max) max = users[k];
  const out: number[] = [];
  if (max < BITMAP_MAX_ID) {
    const seen = new Uint8Array(max + 1);
    for (let k = 0; k < count; k++) {
      const u = users[k];
      if (seen[u] === 0) {
        seen[u] = 1;
        out.push(u);
      }
    }
  } else {
    const seen = new Set<number>();
    for (let k = 0; k < count; k++) {
      const u = users[k];
      if (!seen.has(u)) {
        seen.add(u);
        out.push(u);
      }
    }
  }
  return out;
}

/**
 * Whether some (user, movie) pair is rated twice. Sorts one number per rating (user × (max movie + 1)
 * + movie), ~1 s for 10M; says true without looking when that number could exceed 2^53.
 */
export function hasRepeatedPairs(ratings: MovieLensRatings): boolean {
  const { users, items, count } = ratings;
  let maxUser = 0;
  let maxItem = 0;
  for (let k = 0; k < count; k++) {
    if (users[k] > maxUser) maxUser = users[k];
    if (items[k] > maxItem) maxItem = items[k];
  }
  const width = maxItem + 1;
  if ((maxUser + 1) * width > Number.MAX_SAFE_INTEGER) return true;
  const keys = new Float64Array(count);
  for (let k = 0; k < count; k++) keys[k] = users[k] * width + items[k];
  keys.sort();
  for (let k = 1; k < count; k++) if (keys[k] === keys[k - 1]) return true;
  return false;
}
