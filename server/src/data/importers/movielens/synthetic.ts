/**
 * A MovieLens-10M-shaped folder (ratings.dat / movies.dat, `::`) made from a seed, for the import
 * benchmark: no real MovieLens data is needed, and none ends up in the repository (the caller picks a
 * temp folder). Shaped like ml-10m where it matters to an import: 69,878 users each with ≥ 20 ratings
 * (a long tail of heavy raters), 10,677 movies with skewed popularity, half-star values, the file
 * sorted by user, no (user, movie) pair twice. The same seed and sizes give the same bytes.
 */
import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, gaussian } from '../../../engine/util/random';
// MovieLens's genre names: the demo catalog declares them (the same vocabulary, one list)
import { DEMO_GENRES } from '../../demo/movies';

export interface SyntheticMovieLensOptions {
  ratings?: number;
  users?: number;
  movies?: number;
  seed?: number;
}

export const ML_10M_SHAPE = { ratings: 10_000_054, users: 69_878, movies: 10_677 } as const;
const MIN_PER_USER = 20;

/** Writes movies.dat and ratings.dat into dir; resolves to the number of ratings written. */
export async function writeSyntheticMovieLens(dir: string, opts: SyntheticMovieLensOptions = {}): Promise<number> {
  const ratings = opts.ratings ?? ML_10M_SHAPE.ratings;
  const movies = opts.movies ?? ML_10M_SHAPE.movies;
  const users = Math.min(opts.users ?? ML_10M_SHAPE.users, Math.max(1, Math.floor(ratings / MIN_PER_USER)));
  const rng = createRng(opts.seed ?? 0);

  let text = '';
  for (let m = 1; m <= movies; m++) {
    const genres = DEMO_GENRES.filter(() => rng() < 0.12);
    text += `${m}::Movie ${m} (${1915 + Math.floor(rng() * 94)})::${genres.length ? genres.join('|') : '(no genres listed)'}\n`;
  }
  writeFileSync(join(dir, 'movies.dat'), text);

  // popularity: movie k (in a shuffled order) drawn with weight 1/(rank+10)^0.9, by binary search
  const cumulative = new Float64Array(movies);
  let sum = 0;
  for (let r = 0; r < movies; r++) cumulative[r] = sum += 1 / Math.pow(r + 10, 0.9);
  const movieAt = new Uint32Array(movies).map((_, k) => k + 1);
  for (let k = movies - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [movieAt[k], movieAt[j]] = [movieAt[j], movieAt[k]];
  }
  const drawMovie = (): number => {
    const x = rng() * sum;
    let lo = 0;
    let hi = movies - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return movieAt[lo];
  };

  // ratings per user: MIN_PER_USER each plus a log-normal share of the rest, capped at half the movies
  const cap = Math.max(1, Math.floor(movies / 2));
  const weights = new Float64Array(users).map(() => Math.exp(1.1 * gaussian(rng)));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const base = Math.min(MIN_PER_USER, Math.floor(ratings / users));
  const counts = new Uint32Array(users).map((_, u) => Math.min(cap, base + Math.floor(((ratings - base * users) * weights[u]) / wsum)));
  let short = ratings - counts.reduce((a, b) => a + b, 0);
  for (let u = 0; short > 0; u = (u + 1) % users)
    if (counts[u] < cap) {
      counts[u]++;
      short--;
    }

  const out = createWriteStream(join(dir, 'ratings.dat'));
  const seen = new Uint32Array(movies + 1); // seen[m] === u + 1: user u already rated m
  let chunk = '';
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < counts[u]; k++) {
      let m = drawMovie();
      while (seen[m] === u + 1) m = m === movies ? 1 : m + 1; // the next movie not rated yet
      seen[m] = u + 1;
      const stars = Math.min(10, Math.max(1, Math.round((3.5 + gaussian(rng)) * 2))) / 2;
      chunk += `${u + 1}::${m}::${stars}::${789_652_009 + Math.floor(rng() * 441_479_727)}\n`;
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return ratings;
}
