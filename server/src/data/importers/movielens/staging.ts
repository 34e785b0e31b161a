import type { PoolClient } from 'pg';
import { binaryCopyHeader, binaryCopyRows, binaryCopyTrailer, copyRows, copyText } from '../copy';
import type { MovieLensData } from './types';

/** Rows per COPY chunk: large enough to amortise stream overhead (~2 MB of binary rows), small enough to stay cheap. */
const ROWS_PER_CHUNK = 50_000;

/**
 * Staging tables without constraints or indexes, created inside the import's transaction and
 * dropped with it (ON COMMIT DROP; a ROLLBACK or a lost connection removes them too), so nothing
 * is left behind whatever happens. TEMP rather than UNLOGGED: both skip the WAL, but a TEMP table is
 * private to the session and its rows go through the session's own buffers instead of pushing the
 * live server's pages out of shared_buffers. (Not measured against UNLOGGED: staging 10M ratings
 * takes ~5 s of a 220 s import, so the choice cannot matter much to speed.)
 * Ratings carry MovieLens's numeric ids as bigint (binary COPY, no text to parse); the merge turns
 * them into users/items ids through the two small id tables (ids.ts). Genres travel '|'-joined
 * (they were split on '|', so cannot contain it): no array quoting in COPY.
 */
export async function createStagingTables(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE movielens_stage_items (
      external_id text NOT NULL, title text NOT NULL, year integer, genres text NOT NULL
    ) ON COMMIT DROP`);
  await client.query(`CREATE TEMP TABLE movielens_stage_users (external_id bigint NOT NULL, ord bigint NOT NULL) ON COMMIT DROP`);
  // the users this import creates: nobody else can have rated them yet (see import-to-db.ts)
  await client.query(`CREATE TEMP TABLE movielens_new_users (id bigint NOT NULL) ON COMMIT DROP`);
  await client.query(`CREATE TEMP TABLE movielens_stage_ratings (
      user_external_id bigint NOT NULL, item_external_id bigint NOT NULL, value real NOT NULL, ts bigint NOT NULL
    ) ON COMMIT DROP`);
}

export async function copyMovies(client: PoolClient, data: MovieLensData): Promise<void> {
  function* chunks(): Generator<string> {
    let out = '';
    for (let k = 0; k < data.movies.length; k++) {
      const m = data.movies[k];
      out += `${copyText(m.id)}\t${copyText(m.title)}\t${m.year ?? '\\N'}\t${copyText(m.genres.join('|'))}\n`;
      if ((k + 1) % ROWS_PER_CHUNK === 0) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  }
  await copyRows(client, 'COPY movielens_stage_items (external_id, title, year, genres) FROM STDIN', chunks());
  await client.query('ANALYZE movielens_stage_items');
}

/** the file's distinct users, in the order they first appear (so new users get ids in that order) */
export async function copyUsers(client: PoolClient, users: readonly number[]): Promise<void> {
  const order = Array.from(users, (_, k) => k);
  function* chunks(): Generator<Buffer> {
    yield binaryCopyHeader();
    for (let start = 0; start < users.length; start += ROWS_PER_CHUNK) {
      yield binaryCopyRows(['int8', 'int8'], [users, order], start, Math.min(users.length, start + ROWS_PER_CHUNK));
    }
    yield binaryCopyTrailer();
  }
  await copyRows(client, 'COPY movielens_stage_users (external_id, ord) FROM STDIN (FORMAT binary)', chunks());
  await client.query('ANALYZE movielens_stage_users');
}

/** Streams the typed arrays into COPY chunk by chunk; onChunk gets the ratings copied so far. */
export async function copyRatings(client: PoolClient, data: MovieLensData, onChunk?: (done: number) => void): Promise<void> {
  const { count, users, items, values, timestamps } = data.ratings;
  function* chunks(): Generator<Buffer> {
    yield binaryCopyHeader();
    for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
      const end = Math.min(count, start + ROWS_PER_CHUNK);
      yield binaryCopyRows(['int8', 'int8', 'float4', 'int8'], [users, items, values, timestamps], start, end);
      onChunk?.(end);
    }
    yield binaryCopyTrailer();
  }
  await copyRows(client, 'COPY movielens_stage_ratings (user_external_id, item_external_id, value, ts) FROM STDIN (FORMAT binary)', chunks());
  // temp tables are never auto-analyzed; without statistics the planner guesses badly for the joins
  await client.query('ANALYZE movielens_stage_ratings');
}
