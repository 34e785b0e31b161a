/**
 * Reads a MovieLens folder (ml-100k, ml-1m / ml-10m, ml-latest / ml-latest-small) into plain data.
 * Pure Node (fs only, no database), so the eval CLI can use it as well as the DB importer.
 *
 * The layout is found from the files present (layout.ts); movies are read first so every rating can
 * be checked against them; any malformed line throws MovieLensFormatError naming file and line.
 */
import { detectLayout } from './layout';
import { parseMovies } from './movies';
import { parseRatings } from './ratings';
import type { MovieLensData, ReadMovieLensOptions } from './types';

export { MovieLensFormatError } from './format-error';
export type { MovieLensData, MovieLensLayout, MovieLensMovie, MovieLensRatings, ReadMovieLensOptions } from './types';

export async function readMovieLens(dir: string, opts: ReadMovieLensOptions = {}): Promise<MovieLensData> {
  const { layout, ratingsFile, moviesFile } = detectLayout(dir);
  const { movies, ids } = await parseMovies(layout, moviesFile);
  const ratings = await parseRatings(layout, ratingsFile, ids, moviesFile, opts.onProgress?.bind(opts));
  return { layout, movies, ratings };
}
