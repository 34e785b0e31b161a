import type { Pool, PoolClient } from 'pg';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

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

export const JOBS_CHANNEL = 'tastegraph_jobs';

/** The job queue: enqueue, claim exactly once (SKIP LOCKED), progress, finish, sweep dead workers. */
export class TrainingJobRepository {
  constructor(private readonly pool: Pool) {}

  async enqueue(strategy: string, params: Record<string, unknown>, reason = 'requested'): Promise<TrainingJobRow> {
    const { rows } = await this.pool.query(
      `INSERT INTO training_jobs (strategy, params, reason) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [strategy, params, reason],
    );
    await this.pool.query(`SELECT pg_notify($1, $2)`, [JOBS_CHANNEL, rows[0].id]);
    return rows[0];
  }

  /** enqueues unless a job for this strategy is already queued or running (scheduled retrains) */
  async enqueueIfIdle(strategy: string, params: Record<string, unknown>, reason: string): Promise<TrainingJobRow | null> {
    const { rows } = await this.pool.query(
      `INSERT INTO training_jobs (strategy, params, reason)
       SELECT $1, $2, $3 WHERE NOT EXISTS (
         SELECT 1 FROM training_jobs WHERE strategy = $1 AND status IN ('queued', 'running'))
       ON CONFLICT (strategy) WHERE status = 'queued' AND reason <> 'requested' DO NOTHING
       RETURNING ${COLUMNS}`,
      [strategy, params, reason],
    );
    if (rows[0]) await this.pool.query(`SELECT pg_notify($1, $2)`, [JOBS_CHANNEL, rows[0].id]);
    return rows[0] ?? null;
  }

  /** takes the oldest queued job for this worker; concurrent claimers never get the same one */
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
    const { rows } = await this.pool.query(
      `UPDATE training_jobs SET stage = $2, progress = $3, epoch = $4, loss = $5, heartbeat_at = now()
        WHERE id = $1 AND status = 'running' RETURNING cancel_requested`,
      [id, p.stage, Math.min(1, Math.max(0, p.progress)), p.epoch ?? null, Number.isFinite(p.loss) ? p.loss : null],
    );
    return rows[0]?.cancel_requested ?? true;
  }

  async finish(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, fields: { error?: string | null; modelVersionId?: string | null; stage?: string }, db: Pool | PoolClient = this.pool): Promise<void> {
    await db.query(
      `UPDATE training_jobs SET status = $2, error = $3, model_version_id = $4, finished_at = now(),
              stage = $5, progress = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress END
        WHERE id = $1`,
      [id, status, fields.error ?? null, fields.modelVersionId ?? null, fields.stage ?? status],
    );
  }

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

  /** fails running jobs whose worker stopped sending heartbeats (process killed, machine lost) */
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
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM training_jobs WHERE id = ANY($1::bigint[])`, [ids]);
    return rows;
  }

  async recent(limit: number, strategy?: string | null): Promise<TrainingJobRow[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM training_jobs WHERE ($2::text IS NULL OR strategy = $2) ORDER BY training_jobs.id DESC LIMIT $1`,
      [limit, strategy ?? null],
    );
    return rows;
  }
}
