import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request counts per subject (API key or client IP) and fixed one-minute window, shared by every
 * replica: each adds its local counts about once a second and reads the totals back, so one limit
 * holds across replicas without a database round trip per request. Old windows are pruned.
 */
export class RateLimitCounts1764401000000 implements MigrationInterface {
  name = 'RateLimitCounts1764401000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_counts (
        subject      text NOT NULL,
        window_start timestamptz NOT NULL,
        hits         integer NOT NULL CHECK (hits >= 0),
        PRIMARY KEY (subject, window_start)
      )`);
    await q.query(`CREATE INDEX rate_limit_counts_window ON rate_limit_counts (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_counts`);
  }
}
