import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { generateDemoData } from './demo/generate-demo';
import { importMovieLens } from './importers/movielens/import-to-db';
import type { MovieLensData } from './importers/movielens/types';

/**
 * Loads the project's own demo catalog (real movies, synthetic users — see data/demo/README.md)
 * into an empty database, through the same transactional bulk loader as the MovieLens import.
 * A database that already holds items is left alone: restarts reuse it.
 */
export async function seedDemoIfEmpty(pool: Pool, options: { seed: number }, logger?: Logger): Promise<boolean> {
  // SQL on the pg pool: one EXISTS probe beside the COPY loader below, which works on the pool
  const { rows } = await pool.query(`SELECT EXISTS (SELECT 1 FROM items) AS has_items`);
  if (rows[0].has_items) return false;
  const t0 = Date.now();
  const demo = generateDemoData({ seed: options.seed });
  const data = demoAsMovieLens(demo);
  const result = await importMovieLens(pool, data);
  logger?.info({ users: result.totals.users, items: result.totals.items, ratings: result.totals.ratings, seconds: (Date.now() - t0) / 1000 }, 'demo data loaded');
  return true;
}

/** the demo's ids are '1'…'N' already, so it maps onto the importer's numeric-id columns as is */
function demoAsMovieLens(demo: ReturnType<typeof generateDemoData>): MovieLensData {
  const n = demo.ratings.values.length;
  const users = new Uint32Array(n);
  const items = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    users[j] = Number(demo.users[demo.ratings.users[j]]);
    items[j] = Number(demo.items[demo.ratings.items[j]].id);
  }
  return {
    layout: 'latest',
    movies: demo.items.map((m) => ({ id: m.id, title: m.title, year: m.year, genres: m.genres })),
    ratings: { count: n, users, items, values: demo.ratings.values, timestamps: demo.ratings.timestamps },
  };
}
