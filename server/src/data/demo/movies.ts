import type { MovieRow } from './movie-row';
import { MOVIES_1930_1979 } from './movies-1930-1979';
import { MOVIES_1980_1999 } from './movies-1980-1999';
import { MOVIES_2000_2009 } from './movies-2000-2009';
import { MOVIES_2010_2024 } from './movies-2010-2024';

/** The genre vocabulary of the demo catalog (the MovieLens names, so both data sources read alike). */
export const DEMO_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Children',
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
] as const;

export type DemoGenre = (typeof DEMO_GENRES)[number];

/** A real movie of the demo catalog. Its external item id is its 1-based position in DEMO_MOVIES. */
export interface DemoMovie {
  title: string;
  year: number;
  genres: DemoGenre[];
}

function toMovie([title, year, genres]: MovieRow): DemoMovie {
  return { title, year, genres: genres.split('|') as DemoGenre[] };
}

/**
 * The demo catalog: real, well-known movies (facts), oldest first. The order is the id order, so new
 * movies must be appended to the last list only — inserting in the middle would renumber the ids.
 */
export const DEMO_MOVIES: readonly DemoMovie[] = Object.freeze([...MOVIES_1930_1979, ...MOVIES_1980_1999, ...MOVIES_2000_2009, ...MOVIES_2010_2024].map(toMovie));
