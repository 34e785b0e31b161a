import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, items, interactions and model versions.
 * - one rating per (user, item) is enforced by a partial unique index; implicit events accumulate;
 * - at most one active model version per strategy, enforced by a partial unique index;
 * - title search uses trigrams (ILIKE '%matrix%' is index-assisted), genre filter a GIN on the array.
 */
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE users (
        id          bigserial PRIMARY KEY,
        external_id text NOT NULL UNIQUE CHECK (length(external_id) BETWEEN 1 AND 128),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE items (
        id          bigserial PRIMARY KEY,
        external_id text NOT NULL UNIQUE CHECK (length(external_id) BETWEEN 1 AND 128),
        title       text NOT NULL,
        year        integer,
        genres      text[] NOT NULL DEFAULT '{}',
        metadata    jsonb,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX items_title_trgm ON items USING gin (title gin_trgm_ops)`);
    await q.query(`CREATE INDEX items_genres_gin ON items USING gin (genres)`);
    await q.query(`
      CREATE TABLE interactions (
        id              bigserial PRIMARY KEY,
        user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        item_id         bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,31}$'),
        value           real,
        weight          real NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 1000),
        occurred_at     timestamptz NOT NULL DEFAULT now(),
        idempotency_key text UNIQUE,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rating_has_value CHECK (kind <> 'rating' OR (value >= 0.5 AND value <= 5))
      )`);
    await q.query(`CREATE UNIQUE INDEX interactions_one_rating ON interactions (user_id, item_id) WHERE kind = 'rating'`);
    await q.query(`CREATE INDEX interactions_by_user ON interactions (user_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX interactions_by_item ON interactions (item_id)`);
    await q.query(`
      CREATE TABLE model_versions (
        id              bigserial PRIMARY KEY,
        strategy        text NOT NULL,
        params          jsonb NOT NULL DEFAULT '{}',
        metrics         jsonb,
        status          text NOT NULL DEFAULT 'training'
                        CHECK (status IN ('training', 'ready', 'failed', 'pruned')),
        status_reason   text,
        artifact        bytea,
        created_at      timestamptz NOT NULL DEFAULT now(),
        trained_seconds double precision,
        active          boolean NOT NULL DEFAULT false,
        CONSTRAINT active_needs_artifact CHECK (NOT active OR (status = 'ready' AND artifact IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX model_versions_one_active ON model_versions (strategy) WHERE active`);
    await q.query(`CREATE INDEX model_versions_by_strategy ON model_versions (strategy, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_versions`);
    await q.query(`DROP TABLE interactions`);
    await q.query(`DROP TABLE items`);
    await q.query(`DROP TABLE users`);
  }
}
