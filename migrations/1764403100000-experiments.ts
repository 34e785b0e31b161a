import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A/B experiments (issue 15):
 * - experiments: a name, the metric that decides it (CTR or CONVERSION) and a life of
 *   draft → running → stopped (never back: a stopped experiment's figures stay as they ended).
 *   At most one runs at a time (a partial unique index), so AUTO requests have one assignment.
 * - experiment_arms: the arms in order (`position` from 0, which the cumulative traffic split reads),
 *   each a strategy (the engine's lower-case name, as model_versions.strategy), optionally a pinned
 *   model version, and its share of traffic. Names are unique within an experiment.
 * - impressions.experiment_id gets its foreign key (per-arm counts come from impression_rollup).
 * Ids are bigint, as every other id here and impressions.experiment_id are.
 */
export class Experiments1764403100000 implements MigrationInterface {
  name = 'Experiments1764403100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE experiments (
        id         bigserial PRIMARY KEY,
        name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
        metric     text NOT NULL CHECK (metric IN ('CTR', 'CONVERSION')),
        status     text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'stopped')),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        stopped_at timestamptz
      )`);
    // at most one running experiment across every replica: two concurrent starts cannot both win
    await q.query(`CREATE UNIQUE INDEX experiments_one_running ON experiments (status) WHERE status = 'running'`);
    await q.query(`
      CREATE TABLE experiment_arms (
        experiment_id    bigint NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        position         integer NOT NULL CHECK (position >= 0),
        name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        strategy         text NOT NULL,
        model_version_id bigint REFERENCES model_versions (id),
        traffic          double precision NOT NULL CHECK (traffic > 0 AND traffic <= 1),
        PRIMARY KEY (experiment_id, position),
        UNIQUE (experiment_id, name)
      )`);
    await q.query(`ALTER TABLE impressions ADD CONSTRAINT impressions_experiment_id_fkey FOREIGN KEY (experiment_id) REFERENCES experiments (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE impressions DROP CONSTRAINT impressions_experiment_id_fkey`);
    await q.query(`DROP TABLE experiment_arms`);
    await q.query(`DROP TABLE experiments`);
  }
}
