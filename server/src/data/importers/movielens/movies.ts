import { readFile } from 'node:fs/promises';
import { MovieLensFormatError } from './format-error';
import { csvRecords, CsvQuoteError, decodeText, splitTitleYear } from './text';
import type { MovieLensLayout, MovieLensMovie } from './types';

/** ml-100k's u.item genre flags, in column order. */
const GENRES_100K = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];
const NO_GENRES = '(no genres listed)';
const MAX_ID = 0xffffffff; // ratings keep movie ids in a Uint32Array

export interface ParsedMovies {
  movies: MovieLensMovie[];
  /** numeric movie id → index in movies, to check that every rating names a known movie */
  ids: Map<number, number>;
}

/** Parses a non-negative whole number of digits only; -1 for anything else. */
export function parseId(s: string): number {
  if (s.length === 0 || s.length > 10) return -1;
  let v = 0;
  for (let k = 0; k < s.length; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= MAX_ID ? v : -1;
}

/** Movie files are small (≤ a few MB even for ml-latest), so they are read whole. */
export async function parseMovies(layout: MovieLensLayout, file: string): Promise<ParsedMovies> {
  const text = decodeText(await readFile(file));
  const movies: MovieLensMovie[] = [];
  const ids = new Map<number, number>();
  const firstLine = new Map<number, number>(); // for the duplicate-id message
  const fail = (line: number, reason: string): never => {
    throw new MovieLensFormatError(file, line, reason);
  };

  const add = (line: number, idText: string, rawTitle: string, genres: string[], fallbackYear: number | null) => {
    const id = parseId(idText.trim());
    if (id < 0) fail(line, `movie id "${idText}" is not a whole number`);
    const seen = firstLine.get(id);
    if (seen !== undefined) fail(line, `duplicate movie id ${id} (first on line ${seen})`);
    if (rawTitle.trim() === '') fail(line, `movie ${id} has an empty title`);
    const { title, year } = splitTitleYear(rawTitle);
    firstLine.set(id, line);
    ids.set(id, movies.length);
    movies.push({ id: String(id), title, year: year ?? fallbackYear, genres });
  };

  if (layout === 'latest') {
    try {
      for (const { fields, line } of csvRecords(text)) {
        if (line === 1) {
          if (fields.join(',').trim() !== 'movieId,title,genres') fail(1, 'expected the header "movieId,title,genres"');
          continue;
        }
        if (fields.length !== 3) fail(line, `expected 3 fields (movieId,title,genres), found ${fields.length}`);
        add(line, fields[0], fields[1], splitGenres(fields[2]), null);
      }
    } catch (e) {
      if (e instanceof CsvQuoteError) fail(e.line, e.message);
      throw e;
    }
    return { movies, ids };
  }

  const isDat = layout === '1m';
  const expected = isDat ? 3 : 5 + GENRES_100K.length;
  const lineTexts = text.split('\n');
  for (let k = 0; k < lineTexts.length; k++) {
    const line = k + 1;
    const raw = lineTexts[k].endsWith('\r') ? lineTexts[k].slice(0, -1) : lineTexts[k];
    if (raw.trim() === '') continue;
    const fields = raw.split(isDat ? '::' : '|');
    if (fields.length !== expected) fail(line, `expected ${expected} fields, found ${fields.length}`);
    if (isDat) {
      add(line, fields[0], fields[1], splitGenres(fields[2]), null);
    } else {
      add(
        line,
        fields[0],
        fields[1],
        genresFromFlags(fields.slice(5), (reason) => fail(line, reason)),
        releaseYear(fields[2]),
      );
    }
  }
  return { movies, ids };
}

function splitGenres(s: string): string[] {
  const t = s.trim();
  if (t === '' || t === NO_GENRES) return [];
  return t
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

/** 100k flags → names. "unknown" means no genre, the same as ml-latest's "(no genres listed)". */
function genresFromFlags(flags: string[], fail: (reason: string) => never): string[] {
  const genres: string[] = [];
  flags.forEach((f, k) => {
    const flag = f.trim();
    if (flag !== '0' && flag !== '1') fail(`genre flag ${GENRES_100K[k]} is "${f}", expected 0 or 1`);
    if (flag === '1' && k > 0) genres.push(GENRES_100K[k]);
  });
  return genres;
}

/** u.item's release date "01-Jan-1995": the year, used only when the title has none. */
function releaseYear(date: string): number | null {
  const m = /(\d{4})\s*$/.exec(date);
  return m ? Number(m[1]) : null;
}
