/** The three MovieLens folder layouts the importer understands (1m also covers 10M). */
export type MovieLensLayout = '100k' | '1m' | 'latest';

export interface MovieLensMovie {
  /** the dataset's own movie id, as text (it becomes items.external_id) */
  id: string;
  /** the title as given, minus a trailing "(1995)" */
  title: string;
  year: number | null;
  genres: string[];
}

/**
 * Ratings as parallel typed arrays (one slot per rating, length === count), so that 10M ratings
 * cost 20 bytes each and no JS object. users/items hold the dataset's numeric ids, not dense indices.
 */
export interface MovieLensRatings {
  count: number;
  users: Uint32Array;
  items: Uint32Array;
  values: Float32Array;
  /** seconds since the Unix epoch */
  timestamps: Float64Array;
}

export interface MovieLensData {
  layout: MovieLensLayout;
  movies: MovieLensMovie[];
  ratings: MovieLensRatings;
}

export interface ReadMovieLensOptions {
  /** called as the ratings file is read: bytes done and total bytes of that file */
  onProgress?(done: number, total: number): void;
}
