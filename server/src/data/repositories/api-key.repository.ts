import type { Pool } from 'pg';

export type Scope = 'read' | 'write' | 'admin';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

export class ApiKeyRepository {
  constructor(private readonly pool: Pool) {}

  async insert(name: string, hash: string, prefix: string, scopes: Scope[]): Promise<ApiKeyRow> {
    const { rows } = await this.pool.query(
      `INSERT INTO api_keys (name, key_hash, prefix, scopes) VALUES ($1, $2, $3, $4)
       RETURNING id::text, name, prefix, scopes, created_at AS "createdAt", revoked_at AS "revokedAt"`,
      [name, hash, prefix, scopes],
    );
    return rows[0];
  }

  async byHash(hash: string): Promise<ApiKeyRow | null> {
    const { rows } = await this.pool.query(
      `SELECT id::text, name, prefix, scopes, created_at AS "createdAt", revoked_at AS "revokedAt"
         FROM api_keys WHERE key_hash = $1`,
      [hash],
    );
    return rows[0] ?? null;
  }

  async revoke(name: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL`,
      [name],
    );
    return rowCount ?? 0;
  }

  async list(): Promise<ApiKeyRow[]> {
    // api_keys.id, not id: that would be the id::text output column, which sorts "10" before "9"
    const { rows } = await this.pool.query(
      `SELECT id::text, name, prefix, scopes, created_at AS "createdAt", revoked_at AS "revokedAt"
         FROM api_keys ORDER BY api_keys.id`,
    );
    return rows;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM api_keys`);
    return rows[0].n;
  }
}
