import type { Pool } from 'pg';

/** hits a replica counted for a subject since its last successful sync */
export interface RateLimitDelta {
  subject: string;
  hits: number;
}

/** Shared request counts per (subject, one-minute window): the rate limiter's reconciliation with the other replicas. */
export class RateLimitRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Adds this replica's deltas to the window's shared counts and returns the totals (all replicas)
   * of the pushed subjects and of `read` (subjects seen here, without new hits): one round trip.
   * Deltas go in subject order, so two replicas pushing at once lock rows in the same order.
   */
  async sync(windowStart: Date, deltas: RateLimitDelta[], read: string[]): Promise<Map<string, number>> {
    const sorted = [...deltas].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
    const { rows } = await this.pool.query<{ subject: string; hits: number }>(
      `WITH pushed AS (
         INSERT INTO rate_limit_counts AS r (subject, window_start, hits)
         SELECT d.subject, $1, d.hits FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS d(subject, hits, n) ORDER BY d.n
         ON CONFLICT (subject, window_start) DO UPDATE SET hits = r.hits + excluded.hits
         RETURNING r.subject, r.hits)
       SELECT subject, hits FROM pushed
       UNION ALL
       SELECT subject, hits FROM rate_limit_counts WHERE window_start = $1 AND subject = ANY($4::text[])`,
      [windowStart, sorted.map((d) => d.subject), sorted.map((d) => d.hits), read],
    );
    return new Map(rows.map((r) => [r.subject, r.hits]));
  }

  /** forgets windows that started before `before`; returns how many rows went */
  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM rate_limit_counts WHERE window_start < $1`, [before]);
    return rowCount ?? 0;
  }
}
