import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The training job queue, on PostgreSQL: workers claim queued jobs with FOR UPDATE SKIP LOCKED, so
 * with several replicas each job runs once. A heartbeat lets any replica fail the jobs of a worker
 * that died. model_versions gains the snapshot of data it was trained on (for freshness on load).
 */
export class TrainingJobs1764400200000 implements MigrationInterface {
  name = 'TrainingJobs1764400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_jobs (
        id               bigserial PRIMARY KEY,
        strategy         text NOT NULL,
        params           jsonb NOT NULL DEFAULT '{}',
        status           text NOT NULL DEFAULT 'queued'
                         CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        stage            text,
        progress         real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        epoch            integer,
        loss             double precision,
        error            text,
        reason           text NOT NULL DEFAULT 'requested',
        model_version_id bigint REFERENCES model_versions(id) ON DELETE SET NULL,
        worker_id        text,
        cancel_requested boolean NOT NULL DEFAULT false,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz,
        heartbeat_at     timestamptz
      )`);
    await q.query(`CREATE INDEX training_jobs_queued ON training_jobs (id) WHERE status = 'queued'`);
    // automatic retrains (start, schedule, new data) queue at most one job per strategy, even when
    // several replicas decide at the same moment; requested jobs may queue freely
    await q.query(`CREATE UNIQUE INDEX training_jobs_one_automatic ON training_jobs (strategy)
                   WHERE status = 'queued' AND reason <> 'requested'`);
    await q.query(`CREATE INDEX training_jobs_recent ON training_jobs (created_at DESC)`);
    await q.query(`ALTER TABLE model_versions ADD COLUMN data_snapshot_at timestamptz`);
    await q.query(`ALTER TABLE model_versions ADD COLUMN training_job_id bigint`);
    await q.query(`ALTER TABLE model_versions ADD COLUMN activated_at timestamptz`);
    await q.query(`CREATE INDEX interactions_created ON interactions (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX interactions_created`);
    await q.query(`ALTER TABLE model_versions DROP COLUMN activated_at`);
    await q.query(`ALTER TABLE model_versions DROP COLUMN training_job_id`);
    await q.query(`ALTER TABLE model_versions DROP COLUMN data_snapshot_at`);
    await q.query(`DROP TABLE training_jobs`);
  }
}
