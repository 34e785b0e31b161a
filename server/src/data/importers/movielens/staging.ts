import type { PoolClient } from 'pg';
import { copyRows, copyText } from '../copy';
import type { MovieLensData } from './types';

/** Rows per COPY chunk string: large enough to amortise stream overhead, small enough to stay cheap. */
const ROWS_PER_CHUNK = 20_000;

/**
 * Temp tables dropped at COMMIT/ROLLBACK. Ids stay text, as items/users.external_id are text,
 * so the joins in the upserts compare like with like and use the external_id unique indexes.
 * Genres travel '|'-joined (they were split on '|', so cannot contain it): no array quoting in COPY.
 */
export async function createStagingTables(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE movielens_stage_items (
      external_id text NOT NULL, title text NOT NULL, year integer, genres text NOT NULL
    ) ON COMMIT DROP`);
  await client.query(`CREATE TEMP TABLE movielens_stage_ratings (
      user_external_id text NOT NULL, item_external_id text NOT NULL, value real NOT NULL, ts double precision NOT NULL
    ) ON COMMIT DROP`);
}

export async function copyMovies(client: PoolClient, data: MovieLensData): Promise<void> {
  function* chunks(): Generator<string> {
    let out = '';
    for (let k = 0; k < data.movies.length; k++) {
      const m = data.movies[k];
      out += `${copyText(m.id)}\t${copyText(m.title)}\t${m.year ?? '\\N'}\t${copyText(m.genres.join('|'))}\n`;
      if ((k + 1) % ROWS_PER_CHUNK === 0) { yield out; out = ''; }
    }
    if (out) yield out;
  }
  await copyRows(client, 'COPY movielens_stage_items (external_id, title, year, genres) FROM STDIN', chunks());
}

/** Streams the typed arrays into COPY chunk by chunk; onChunk gets the ratings copied so far. */
export async function copyRatings(client: PoolClient, data: MovieLensData, onChunk?: (done: number) => void): Promise<void> {
  const { count, users, items, values, timestamps } = data.ratings;
  function* chunks(): Generator<string> {
    for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
      const end = Math.min(count, start + ROWS_PER_CHUNK);
      let out = '';
      for (let k = start; k < end; k++) out += `${users[k]}\t${items[k]}\t${values[k]}\t${timestamps[k]}\n`;
      yield out;
      onChunk?.(end);
    }
  }
  await copyRows(client, 'COPY movielens_stage_ratings (user_external_id, item_external_id, value, ts) FROM STDIN', chunks());
  // temp tables are never auto-analyzed; without statistics the planner guesses badly for the joins
  await client.query('ANALYZE movielens_stage_items');
  await client.query('ANALYZE movielens_stage_ratings');
}
