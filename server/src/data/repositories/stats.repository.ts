import type { Pool } from 'pg';

export interface DatasetStatsRow {
  users: number;
  items: number;
  interactions: number;
  ratings: number;
}

export class StatsRepository {
  constructor(private readonly pool: Pool) {}

  async datasetStats(): Promise<DatasetStatsRow> {
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM items)::int AS items,
              (SELECT count(*) FROM interactions)::int AS interactions,
              (SELECT count(*) FROM interactions WHERE kind = 'rating')::int AS ratings`,
    );
    return rows[0];
  }

  /** count of ratings per half-star value */
  async ratingHistogram(): Promise<{ rating: number; count: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT value::float8 AS rating, count(*)::int AS count FROM interactions WHERE kind = 'rating'
        GROUP BY value ORDER BY value`,
    );
    return rows;
  }

  /** interactions per item, most popular first (the long-tail curve) */
  async itemPopularityCurve(): Promise<number[]> {
    const { rows } = await this.pool.query(
      `SELECT count(i.id)::int AS n FROM items it LEFT JOIN interactions i ON i.item_id = it.id
        GROUP BY it.id ORDER BY n DESC`,
    );
    return rows.map((r) => r.n);
  }
}
