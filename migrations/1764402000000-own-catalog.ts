import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anyone's catalog and events, not only movies (issue 12):
 * - items get categories (was genres), description, publication time (was a year: a year becomes
 *   1 January of it, UTC), hidden, attributes (was metadata) and updated_at;
 * - users get labels;
 * - feedback_types declares each implicit kind's weight and polarity; kinds already in use are
 *   declared as they counted before (weight 1, positive) so existing data keeps its meaning;
 * - an implicit event's own number moves from weight to value (the type's weight multiplies it),
 *   so value is never null: a rating's stars, or an event's value.
 * The defaults listed here are DEFAULT_FEEDBACK_TYPES (server/src/engine/dataset/feedback.ts) at
 * the time of writing; a migration is history and keeps its own copy (a test keeps them equal).
 */
export const FEEDBACK_TYPES_AT_CREATION = [
  ['view', 0.5, 'positive'],
  ['click', 1, 'positive'],
  ['like', 2, 'positive'],
  ['share', 2, 'positive'],
  ['add_to_cart', 2, 'positive'],
  ['purchase', 3, 'positive'],
  ['skip', 0.5, 'negative'],
  ['dislike', 2, 'negative'],
] as const;

export class OwnCatalog1764402000000 implements MigrationInterface {
  name = 'OwnCatalog1764402000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE items RENAME COLUMN genres TO categories`);
    await q.query(`ALTER INDEX items_genres_gin RENAME TO items_categories_gin`);
    await q.query(`ALTER TABLE items RENAME COLUMN metadata TO attributes`);
    await q.query(`ALTER TABLE items ADD COLUMN description text, ADD COLUMN published_at timestamptz,
      ADD COLUMN hidden boolean NOT NULL DEFAULT false, ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE items SET published_at = make_timestamptz(year, 1, 1, 0, 0, 0, 'UTC') WHERE year IS NOT NULL`);
    await q.query(`ALTER TABLE items DROP COLUMN year`);
    await q.query(`ALTER TABLE items ADD CONSTRAINT items_title_check CHECK (length(title) BETWEEN 1 AND 500)`);
    await q.query(`ALTER TABLE items ADD CONSTRAINT items_description_check CHECK (length(description) <= 10000)`);
    // lists skip hidden items; the few hidden ones are found by this small partial index
    await q.query(`CREATE INDEX items_hidden ON items (id) WHERE hidden`);

    await q.query(`ALTER TABLE users ADD COLUMN labels text[] NOT NULL DEFAULT '{}'`);

    await q.query(`
      CREATE TABLE feedback_types (
        name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{0,31}$' AND name <> 'rating'),
        weight     real NOT NULL CHECK (weight > 0 AND weight <= 1000),
        polarity   text NOT NULL CHECK (polarity IN ('positive', 'negative', 'neutral')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const [name, weight, polarity] of FEEDBACK_TYPES_AT_CREATION) {
      await q.query(`INSERT INTO feedback_types (name, weight, polarity) VALUES ($1, $2, $3)`, [name, weight, polarity]);
    }
    await q.query(`
      INSERT INTO feedback_types (name, weight, polarity)
      SELECT DISTINCT kind, 1, 'positive' FROM interactions WHERE kind <> 'rating'
      ON CONFLICT (name) DO NOTHING`);

    await q.query(`UPDATE interactions SET value = weight WHERE kind <> 'rating'`);
    await q.query(`ALTER TABLE interactions DROP CONSTRAINT rating_has_value`);
    await q.query(`ALTER TABLE interactions DROP COLUMN weight`);
    await q.query(`ALTER TABLE interactions ALTER COLUMN value SET NOT NULL`);
    await q.query(`ALTER TABLE interactions ADD CONSTRAINT interactions_value_check
      CHECK (CASE WHEN kind = 'rating' THEN value >= 0.5 AND value <= 5 ELSE value > 0 AND value <= 1000 END)`);
    // the dashboard counts interactions per kind
    await q.query(`CREATE INDEX interactions_by_kind ON interactions (kind)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX interactions_by_kind`);
    await q.query(`ALTER TABLE interactions DROP CONSTRAINT interactions_value_check`);
    await q.query(`ALTER TABLE interactions ALTER COLUMN value DROP NOT NULL`);
    await q.query(`ALTER TABLE interactions ADD COLUMN weight real NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 1000)`);
    await q.query(`UPDATE interactions SET weight = value, value = NULL WHERE kind <> 'rating'`);
    await q.query(`ALTER TABLE interactions ADD CONSTRAINT rating_has_value CHECK (kind <> 'rating' OR (value >= 0.5 AND value <= 5))`);
    await q.query(`DROP TABLE feedback_types`);
    await q.query(`ALTER TABLE users DROP COLUMN labels`);
    await q.query(`DROP INDEX items_hidden`);
    await q.query(`ALTER TABLE items DROP CONSTRAINT items_description_check`);
    await q.query(`ALTER TABLE items DROP CONSTRAINT items_title_check`);
    await q.query(`ALTER TABLE items ADD COLUMN year integer`);
    await q.query(`UPDATE items SET year = extract(year FROM published_at AT TIME ZONE 'UTC')::int`);
    await q.query(`ALTER TABLE items DROP COLUMN description, DROP COLUMN published_at, DROP COLUMN hidden, DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE items RENAME COLUMN attributes TO metadata`);
    await q.query(`ALTER INDEX items_categories_gin RENAME TO items_genres_gin`);
    await q.query(`ALTER TABLE items RENAME COLUMN categories TO genres`);
  }
}
