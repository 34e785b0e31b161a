import type { Pool } from 'pg';
import { LessThan, type DataSource, type Repository } from 'typeorm';
import { poolOf } from '../data-source';
import { RateLimitCountEntity } from '../entities/rate-limit-count.entity';

/** a subject's count in one window: hits a replica counted since its last sync, or a shared total */
export interface RateLimitCount {
  subject: string;
  windowStart: Date;
  hits: number;
}

/** Shared request counts per (subject, one-minute window): the rate limiter's reconciliation with the other replicas. */
export class RateLimitRepository {
  private readonly repo: Repository<RateLimitCountEntity>;
  private readonly pool: Pool;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(RateLimitCountEntity);
    this.pool = poolOf(ds);
  }

  /**
   * Adds this replica's deltas to the shared counts and returns the totals (all replicas) of the
   * pushed (subject, window) pairs and of `read` (pairs seen here without new hits): one round trip.
   * Deltas go in a fixed order, so two replicas pushing at once lock rows in the same order.
   * SQL: a set-based merge (unnest + ON CONFLICT … DO UPDATE) and read in one round trip a second.
   */
  async sync(deltas: RateLimitCount[], read: Omit<RateLimitCount, 'hits'>[]): Promise<RateLimitCount[]> {
    const sorted = [...deltas].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.windowStart.getTime() - b.windowStart.getTime()));
    const { rows } = await this.pool.query<RateLimitCount>(
      `WITH pushed AS (
         INSERT INTO rate_limit_counts AS r (subject, window_start, hits)
         SELECT d.subject, d.window_start, d.hits
           FROM unnest($1::text[], $2::timestamptz[], $3::int[]) WITH ORDINALITY AS d(subject, window_start, hits, n) ORDER BY d.n
         ON CONFLICT (subject, window_start) DO UPDATE SET hits = r.hits + excluded.hits
         RETURNING r.subject, r.window_start, r.hits)
       SELECT subject, window_start AS "windowStart", hits FROM pushed
       UNION ALL
       SELECT r.subject, r.window_start, r.hits FROM rate_limit_counts r
         JOIN unnest($4::text[], $5::timestamptz[]) AS k(subject, window_start) USING (subject, window_start)`,
      [sorted.map((d) => d.subject), sorted.map((d) => d.windowStart), sorted.map((d) => d.hits), read.map((k) => k.subject), read.map((k) => k.windowStart)],
    );
    return rows;
  }

  /** forgets windows that started before `before`; returns how many rows went */
  async prune(before: Date): Promise<number> {
    const { affected } = await this.repo.delete({ windowStart: LessThan(before) });
    return affected ?? 0;
  }
}
