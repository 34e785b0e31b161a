import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MovieLensLayout } from './types';

export interface LayoutFiles {
  layout: MovieLensLayout;
  ratingsFile: string;
  moviesFile: string;
}

/** Which files make each layout; the first layout whose ratings file is present wins. */
const LAYOUTS: { layout: MovieLensLayout; label: string; ratings: string; movies: string }[] = [
  { layout: 'latest', label: 'ml-latest / ml-latest-small', ratings: 'ratings.csv', movies: 'movies.csv' },
  { layout: '1m', label: 'ml-1m / ml-10m', ratings: 'ratings.dat', movies: 'movies.dat' },
  { layout: '100k', label: 'ml-100k', ratings: 'u.data', movies: 'u.item' },
];

const expectedFiles = (): string => LAYOUTS.map((l) => `${l.ratings} + ${l.movies} (${l.label})`).join(', or ');

/**
 * Finds the layout from the folder's contents. A folder holding nothing but one sub-folder (what
 * unzipping a GroupLens archive leaves) is looked into, so both `dest/` and `dest/ml-latest-small/` work.
 */
export function detectLayout(dir: string): LayoutFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`MovieLens folder ${dir} does not exist; expected a folder with ${expectedFiles()}`);
  }
  for (const l of LAYOUTS) {
    const ratingsFile = join(dir, l.ratings);
    const moviesFile = join(dir, l.movies);
    const hasRatings = existsSync(ratingsFile);
    const hasMovies = existsSync(moviesFile);
    if (hasRatings && hasMovies) return { layout: l.layout, ratingsFile, moviesFile };
    if (hasRatings || hasMovies) {
      const missing = hasRatings ? l.movies : l.ratings;
      throw new Error(`MovieLens folder ${dir} has ${hasRatings ? l.ratings : l.movies} but no ${missing}; ` + `the ${l.label} layout needs both ${l.ratings} and ${l.movies}`);
    }
  }
  const entries = readdirSync(dir);
  if (entries.length === 1 && statSync(join(dir, entries[0])).isDirectory()) {
    return detectLayout(join(dir, entries[0]));
  }
  throw new Error(`no MovieLens files in ${dir}; expected ${expectedFiles()}`);
}
