import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, stored only as SHA-256 hashes of high-entropy random secrets. */
export class ApiKeys1764400100000 implements MigrationInterface {
  name = 'ApiKeys1764400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id           bigserial PRIMARY KEY,
        name         text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        key_hash     text NOT NULL UNIQUE,
        prefix       text NOT NULL,
        scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write', 'admin']::text[] AND cardinality(scopes) > 0),
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz,
        last_used_at timestamptz
      )`);
    // a name identifies one live key (revoke NAME); revoked keys keep their names for the record
    await q.query(`CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
