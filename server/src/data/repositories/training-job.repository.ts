import type { Pool } from 'pg';
import { In, type DataSource, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { poolOf } from '../data-source';
import { TrainingJobEntity, type JobStatus } from '../entities/training-job.entity';
import { notify } from '../notify';
import type { Tx } from '../transaction';

export type { JobStatus };

export interface TrainingJobRow {
  id: string;
  strategy: string;
  params: Record<string, unknown>;
  status: JobStatus;
  stage: string | null;
  progress: number;
  epoch: number | null;
  loss: number | null;
  error: string | null;
  reason: string;
  modelVersionId: string | null;
  workerId: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id::text, strategy, params, status, stage, progress, epoch, loss, error, reason,
  model_version_id::text AS "modelVersionId", worker_id AS "workerId", cancel_requested AS "cancelRequested",
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

const toRow = (e: TrainingJobEntity): TrainingJobRow => ({
  id: e.id,
  strategy: e.strategy,
  params: e.params,
  status: e.status,
  stage: e.stage,
  progress: e.progress,
  epoch: e.epoch,
  loss: e.loss,
  error: e.error,
  reason: e.reason,
  modelVersionId: e.modelVersionId,
  workerId: e.workerId,
  cancelRequested: e.cancelRequested,
  createdAt: e.createdAt,
  startedAt: e.startedAt,
  finishedAt: e.finishedAt,
});

export const JOBS_CHANNEL = 'tastegraph_jobs';

/**
 * The job queue: enqueue, claim exactly once (SKIP LOCKED), progress, finish, sweep dead workers.
 * Plain reads and writes go through TypeORM; the statements that must decide atomically against
 * other replicas stay hand-written SQL (why: at each method).
 */
export class TrainingJobRepository {
  private readonly repo: Repository<TrainingJobEntity>;
  private readonly pool: Pool;

  constructor(ds: DataSource) {
    this.repo = ds.getRepository(TrainingJobEntity);
    this.pool = poolOf(ds);
  }

  async enqueue(strategy: string, params: Record<string, unknown>, reason = 'requested'): Promise<TrainingJobRow> {
    // inserted and read back in one transaction: no worker can claim it in between, so it is returned queued
    const job = await this.repo.manager.transaction(async (m) => {
      const { identifiers } = await m.insert(TrainingJobEntity, { strategy, params, reason } as QueryDeepPartialEntity<TrainingJobEntity>);
      return toRow(await m.findOneByOrFail(TrainingJobEntity, { id: String(identifiers[0].id) }));
    });
    await notify(this.pool, JOBS_CHANNEL, job.id);
    return job;
  }

  /**
   * Enqueues unless a job for this strategy is already queued or running (scheduled retrains).
   * SQL: a conditional insert that yields to the partial unique index when replicas race.
   */
  async enqueueIfIdle(strategy: string, params: Record<string, unknown>, reason: string): Promise<TrainingJobRow | null> {
    const { rows } = await this.pool.query(
      `INSERT INTO training_jobs (strategy, params, reason)
       SELECT $1, $2, $3 WHERE NOT EXISTS (
         SELECT 1 FROM training_jobs WHERE strategy = $1 AND status IN ('queued', 'running'))
       ON CONFLICT (strategy) WHERE status = 'queued' AND reason <> 'requested' DO NOTHING
       RETURNING ${COLUMNS}`,
      [strategy, params, reason],
    );
    if (rows[0]) await notify(this.pool, JOBS_CHANNEL, rows[0].id);
    return rows[0] ?? null;
  }

  /**
   * Takes the oldest queued job for this worker; concurrent claimers never get the same one.
   * SQL: UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) claims in one statement.
   */
  async claim(workerId: string): Promise<TrainingJobRow | null> {
    const { rows } = await this.pool.query(
      `UPDATE training_jobs SET status = 'running', worker_id = $1, started_at = now(), heartbeat_at = now(), stage = 'starting'
        WHERE id = (SELECT id FROM training_jobs WHERE status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING ${COLUMNS}`,
      [workerId],
    );
    return rows[0] ?? null;
  }

  /** progress + heartbeat; returns whether cancellation was requested */
  async progress(id: string, p: { stage: string; progress: number; epoch?: number | null; loss?: number | null }): Promise<boolean> {
    const { raw } = await this.repo
      .createQueryBuilder()
      .update()
      .set({
        stage: p.stage,
        progress: Math.min(1, Math.max(0, p.progress)),
        epoch: p.epoch ?? null,
        loss: Number.isFinite(p.loss) ? p.loss : null,
        heartbeatAt: () => 'now()',
      })
      .where(`id = :id AND status = 'running'`, { id })
      .returning('cancel_requested')
      .execute();
    return (raw as { cancel_requested: boolean }[])[0]?.cancel_requested ?? true;
  }

  async finish(
    id: string,
    status: Exclude<JobStatus, 'queued' | 'running'>,
    fields: { error?: string | null; modelVersionId?: string | null; stage?: string },
    tx?: Tx,
  ): Promise<void> {
    const repo = tx ? tx.manager.getRepository(TrainingJobEntity) : this.repo;
    await repo.update(
      { id },
      {
        status,
        error: fields.error ?? null,
        modelVersionId: fields.modelVersionId ?? null,
        finishedAt: () => 'now()',
        stage: fields.stage ?? status,
        ...(status === 'succeeded' ? { progress: 1 } : {}),
      },
    );
  }

  /** SQL: one atomic statement cancels a queued job outright or flags a running one, with no window for a claim in between */
  async requestCancel(id: string): Promise<TrainingJobRow | null> {
    const { rows } = await this.pool.query(
      `UPDATE training_jobs SET cancel_requested = true,
              status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
              finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
              error = CASE WHEN status = 'queued' THEN 'cancelled before it started' ELSE error END
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** fails running jobs whose worker stopped sending heartbeats (process killed, machine lost); SQL: one set-based sweep */
  async failStale(staleSeconds: number): Promise<TrainingJobRow[]> {
    const { rows } = await this.pool.query(
      `UPDATE training_jobs SET status = 'failed', finished_at = now(), stage = 'failed',
              error = 'the worker stopped responding mid-training (process killed or crashed); the active model kept serving'
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
        RETURNING ${COLUMNS}`,
      [staleSeconds],
    );
    return rows;
  }

  async byIds(ids: readonly string[]): Promise<TrainingJobRow[]> {
    if (!ids.length) return [];
    return (await this.repo.findBy({ id: In([...ids]) })).map(toRow);
  }

  async recent(limit: number, strategy?: string | null): Promise<TrainingJobRow[]> {
    return (await this.repo.find({ where: strategy ? { strategy } : {}, order: { id: 'DESC' }, take: limit })).map(toRow);
  }
}
