import type { Pool, PoolClient } from 'pg';
import { allowLongStatements, longQuery } from '../bounded-client';

export interface ModelVersionRow {
  id: string;
  strategy: string;
  params: Record<string, unknown>;
  /** the held-out metrics JSON (numbers, plus `byHistory` for AUTO) */
  metrics: Record<string, unknown> | null;
  status: 'training' | 'ready' | 'failed' | 'pruned';
  statusReason: string | null;
  createdAt: Date;
  trainedSeconds: number | null;
  active: boolean;
  dataSnapshotAt: Date | null;
  activatedAt: Date | null;
  trainingJobId: string | null;
}

const COLUMNS = `id::text, strategy, params, metrics, status, status_reason AS "statusReason", created_at AS "createdAt",
  trained_seconds AS "trainedSeconds", active, data_snapshot_at AS "dataSnapshotAt", activated_at AS "activatedAt",
  training_job_id::text AS "trainingJobId"`;

export const MODELS_CHANNEL = 'tastegraph_models';

type Db = Pool | PoolClient;

/** Model versions: metadata + artifact; at most one active per strategy (a partial unique index). */
export class ModelVersionRepository {
  constructor(private readonly pool: Pool) {}

  async insert(
    v: { strategy: string; params: Record<string, unknown>; metrics: Record<string, unknown>; artifact: Uint8Array;
      trainedSeconds: number; dataSnapshotAt: Date; trainingJobId: string | null; statusReason: string | null },
    db: PoolClient,
  ): Promise<ModelVersionRow> {
    // an artifact can be many megabytes: its write is not held to the serving statement timeout
    await allowLongStatements(db);
    const { rows } = await db.query(longQuery(
      `INSERT INTO model_versions (strategy, params, metrics, status, status_reason, artifact, trained_seconds, data_snapshot_at, training_job_id)
       VALUES ($1, $2, $3, 'ready', $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [v.strategy, v.params, v.metrics, v.statusReason, Buffer.from(v.artifact.buffer, v.artifact.byteOffset, v.artifact.byteLength),
        v.trainedSeconds, v.dataSnapshotAt, v.trainingJobId],
    ));
    return rows[0];
  }

  /** the active version of a strategy, locked for the activation decision */
  async activeForUpdate(strategy: string, db: Db): Promise<ModelVersionRow | null> {
    const { rows } = await db.query(`SELECT ${COLUMNS} FROM model_versions WHERE strategy = $1 AND active FOR UPDATE`, [strategy]);
    return rows[0] ?? null;
  }

  /** makes `id` the active version of its strategy (deactivating the previous one) and notifies replicas */
  async activate(id: string, db: Db): Promise<ModelVersionRow | null> {
    const { rows: target } = await db.query(`SELECT strategy, status FROM model_versions WHERE id = $1 FOR UPDATE`, [id]);
    if (!target[0]) return null;
    await db.query(`UPDATE model_versions SET active = false WHERE strategy = $1 AND active AND id <> $2`, [target[0].strategy, id]);
    const { rows } = await db.query(
      `UPDATE model_versions SET active = true, activated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    await db.query(`SELECT pg_notify($1, $2)`, [MODELS_CHANNEL, id]);
    return rows[0];
  }

  async byIds(ids: readonly string[]): Promise<ModelVersionRow[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM model_versions WHERE id = ANY($1::bigint[])`, [ids]);
    return rows;
  }

  async list(strategy?: string | null, limit = 50): Promise<ModelVersionRow[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM model_versions WHERE ($1::text IS NULL OR strategy = $1) ORDER BY model_versions.id DESC LIMIT $2`,
      [strategy ?? null, limit],
    );
    return rows;
  }

  async activeVersions(): Promise<ModelVersionRow[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM model_versions WHERE active ORDER BY strategy`);
    return rows;
  }

  async artifact(id: string): Promise<Buffer | null> {
    // many megabytes: read under the long bound, in a transaction so the bound ends with it
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      await client.query('BEGIN');
      await allowLongStatements(client);
      const { rows } = await client.query(longQuery(`SELECT artifact FROM model_versions WHERE id = $1`, [id]));
      await client.query('COMMIT');
      return rows[0]?.artifact ?? null;
    } catch (e) {
      failed = e as Error;
      throw e;
    } finally {
      client.release(failed);
    }
  }

  /** drops the artifacts of old inactive versions beyond the newest `keep` per strategy (metadata stays) */
  async prune(strategy: string, keep: number, db: Db = this.pool): Promise<number> {
    const { rowCount } = await db.query(
      `UPDATE model_versions SET artifact = NULL, status = 'pruned'
        WHERE strategy = $1 AND NOT active AND status = 'ready' AND id NOT IN (
          SELECT id FROM model_versions WHERE strategy = $1 AND NOT active AND status = 'ready' ORDER BY id DESC LIMIT $2)`,
      [strategy, keep],
    );
    return rowCount ?? 0;
  }

  /** users whose interactions changed after a moment (to fold them in when loading a version) */
  async usersChangedSince(since: Date): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT u.external_id FROM interactions i JOIN users u ON u.id = i.user_id WHERE i.created_at > $1`,
      [since],
    );
    return rows.map((r) => r.external_id);
  }
}
