import type { Pool } from 'pg';
import { In, type DataSource, type Repository } from 'typeorm';
import { allowLongStatements, longQuery } from '../bounded-client';
import { poolOf } from '../data-source';
import { InteractionEntity } from '../entities/interaction.entity';
import { ModelVersionEntity } from '../entities/model-version.entity';
import { notify } from '../notify';
import { inTransaction, type Tx } from '../transaction';

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

const toRow = (e: ModelVersionEntity): ModelVersionRow => ({
  id: e.id,
  strategy: e.strategy,
  params: e.params,
  metrics: e.metrics,
  status: e.status,
  statusReason: e.statusReason,
  createdAt: e.createdAt,
  trainedSeconds: e.trainedSeconds,
  active: e.active,
  dataSnapshotAt: e.dataSnapshotAt,
  activatedAt: e.activatedAt,
  trainingJobId: e.trainingJobId,
});

export const MODELS_CHANNEL = 'tastegraph_models';

/**
 * Model versions: metadata + artifact; at most one active per strategy (a partial unique index).
 * Reads of metadata go through TypeORM; the activation transaction and the artifact bytes are
 * hand-written SQL on the transaction's pg client (why: at each method).
 */
export class ModelVersionRepository {
  private readonly repo: Repository<ModelVersionEntity>;
  private readonly pool: Pool;

  constructor(private readonly ds: DataSource) {
    this.repo = ds.getRepository(ModelVersionEntity);
    this.pool = poolOf(ds);
  }

  /**
   * Runs fn in one transaction holding the strategy's activation lock, so activation decisions of
   * a strategy happen one at a time across replicas. SQL: an advisory lock has no TypeORM API.
   */
  withActivationLock<T>(strategy: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, async (tx) => {
      await tx.client.query(`SELECT pg_advisory_xact_lock(hashtext('tastegraph:activate:' || $1))`, [strategy]);
      return fn(tx);
    });
  }

  /** SQL: the artifact (many megabytes of bytea) goes to pg as one Buffer parameter, not through entity hydration */
  async insert(
    v: {
      strategy: string;
      params: Record<string, unknown>;
      metrics: Record<string, unknown>;
      artifact: Uint8Array;
      trainedSeconds: number;
      dataSnapshotAt: Date;
      trainingJobId: string | null;
      statusReason: string | null;
    },
    tx: Tx,
  ): Promise<ModelVersionRow> {
    // an artifact can be many megabytes: its write is not held to the serving statement timeout
    await allowLongStatements(tx.client);
    const { rows } = await tx.client.query(
      longQuery(
        `INSERT INTO model_versions (strategy, params, metrics, status, status_reason, artifact, trained_seconds, data_snapshot_at, training_job_id)
       VALUES ($1, $2, $3, 'ready', $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          v.strategy,
          v.params,
          v.metrics,
          v.statusReason,
          Buffer.from(v.artifact.buffer, v.artifact.byteOffset, v.artifact.byteLength),
          v.trainedSeconds,
          v.dataSnapshotAt,
          v.trainingJobId,
        ],
      ),
    );
    return rows[0];
  }

  /** the active version of a strategy, locked for the activation decision */
  async activeForUpdate(strategy: string, tx: Tx): Promise<ModelVersionRow | null> {
    const v = await tx.manager
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .where('v.strategy = :strategy AND v.active', { strategy })
      .setLock('pessimistic_write')
      .getOne();
    return v && toRow(v);
  }

  /**
   * Makes `id` the active version of its strategy (deactivating the previous one) and notifies
   * replicas on commit. SQL: row lock, the swap under the one-active index and NOTIFY in one
   * transaction, with the reason written in the same statement when one is given.
   */
  async activate(id: string, tx: Tx, statusReason?: string): Promise<ModelVersionRow | null> {
    const db = tx.client;
    const { rows: target } = await db.query(`SELECT strategy, status FROM model_versions WHERE id = $1 FOR UPDATE`, [id]);
    if (!target[0]) return null;
    // the replaced version's old reason ("first version of this strategy", "better ndcgAtK…") would
    // now mislead next to its Activate button: it says what replaced it instead
    await db.query(
      `UPDATE model_versions SET active = false, status_reason = 'replaced by version #' || $2::text || ' on ' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'
        WHERE strategy = $1 AND active AND id <> $2`,
      [target[0].strategy, id],
    );
    const { rows } = await db.query(
      `UPDATE model_versions SET active = true, activated_at = now(), status_reason = coalesce($2, status_reason)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, statusReason ?? null],
    );
    await notify(db, MODELS_CHANNEL, id);
    return rows[0];
  }

  async byIds(ids: readonly string[]): Promise<ModelVersionRow[]> {
    if (!ids.length) return [];
    return (await this.repo.findBy({ id: In([...ids]) })).map(toRow);
  }

  async list(strategy?: string | null, limit = 50): Promise<ModelVersionRow[]> {
    const rows = await this.repo.find({ where: strategy ? { strategy } : {}, order: { id: 'DESC' }, take: limit });
    return rows.map(toRow);
  }

  async activeVersions(): Promise<ModelVersionRow[]> {
    return (await this.repo.find({ where: { active: true }, order: { strategy: 'ASC' } })).map(toRow);
  }

  /** the strategies (engine names) that have an active version */
  async activeStrategies(): Promise<string[]> {
    return (await this.activeVersions()).map((v) => v.strategy);
  }

  /** SQL: many megabytes of bytea read straight into one Buffer */
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

  /**
   * Drops the artifacts of old inactive versions beyond the newest `keep` per strategy (metadata
   * stays). SQL: one set-based update.
   */
  async prune(strategy: string, keep: number, tx?: Tx): Promise<number> {
    const { rowCount } = await (tx?.client ?? this.pool).query(
      `UPDATE model_versions SET artifact = NULL, status = 'pruned'
        WHERE strategy = $1 AND NOT active AND status = 'ready' AND id NOT IN (
          SELECT id FROM model_versions WHERE strategy = $1 AND NOT active AND status = 'ready' ORDER BY id DESC LIMIT $2)`,
      [strategy, keep],
    );
    return rowCount ?? 0;
  }

  /** users whose interactions changed after a moment (to fold them in when loading a version) */
  async usersChangedSince(since: Date): Promise<string[]> {
    const rows: { externalId: string }[] = await this.ds
      .getRepository(InteractionEntity)
      .createQueryBuilder('i')
      .innerJoin('i.user', 'u')
      .select('DISTINCT u.external_id', 'externalId')
      .where('i.created_at > :since', { since })
      .getRawMany();
    return rows.map((r) => r.externalId);
  }

  /** interactions written after the oldest active version read its data (the retrain trigger) */
  async interactionsSinceOldestActiveSnapshot(): Promise<number> {
    const row = await this.ds
      .getRepository(InteractionEntity)
      .createQueryBuilder('i')
      .select('count(*)::int', 'n')
      .where((qb) => `i.created_at > ${qb.subQuery().select(`coalesce(min(v.data_snapshot_at), '-infinity')`).from(ModelVersionEntity, 'v').where('v.active').getQuery()}`)
      .getRawOne<{ n: number }>();
    return row!.n;
  }
}
