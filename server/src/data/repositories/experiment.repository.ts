import type { Pool } from 'pg';
import { In, type DataSource, type Repository } from 'typeorm';
import { poolOf } from '../data-source';
import { ExperimentArmEntity } from '../entities/experiment-arm.entity';
import { ExperimentEntity, type ExperimentMetric, type ExperimentStatus } from '../entities/experiment.entity';
import { notify } from '../notify';

export type { ExperimentMetric, ExperimentStatus };

export interface ExperimentArmRow {
  name: string;
  /** the engine's lower-case name */
  strategy: string;
  modelVersionId: string | null;
  traffic: number;
}

export interface ExperimentRow {
  id: string;
  name: string;
  metric: ExperimentMetric;
  status: ExperimentStatus;
  createdAt: Date;
  startedAt: Date | null;
  stoppedAt: Date | null;
  /** in position order: the order the cumulative traffic split reads */
  arms: ExperimentArmRow[];
}

/** what an arm's impressions add up to (an impression is one list served), counted as onlineMetrics counts them */
export interface ArmCountsRow {
  arm: string;
  impressions: number;
  /** impressions with at least one attributed click (a conversion is stored as a click too) */
  clicks: number;
  /** impressions with at least one attributed conversion */
  conversions: number;
}

/** a running experiment was started or stopped: every replica re-reads which one runs */
export const EXPERIMENTS_CHANNEL = 'tastegraph_experiments';

/** why a start was refused */
export type StartRefusal = { refused: 'not-draft'; status: ExperimentStatus } | { refused: 'another-running'; running: string };

/**
 * Experiments and their arms. Plain reads and the creation go through TypeORM; the status changes
 * that must decide atomically against other replicas and the per-arm aggregate are hand-written SQL
 * (why: at each method).
 */
export class ExperimentRepository {
  private readonly experiments: Repository<ExperimentEntity>;
  private readonly arms: Repository<ExperimentArmEntity>;
  private readonly pool: Pool;

  constructor(ds: DataSource) {
    this.experiments = ds.getRepository(ExperimentEntity);
    this.arms = ds.getRepository(ExperimentArmEntity);
    this.pool = poolOf(ds);
  }

  /** an experiment and its arms in one transaction; a taken name fails with PostgreSQL's unique violation (23505) */
  async create(input: { name: string; metric: ExperimentMetric; arms: ExperimentArmRow[] }): Promise<ExperimentRow> {
    const id = await this.experiments.manager.transaction(async (m) => {
      const { identifiers } = await m.insert(ExperimentEntity, { name: input.name, metric: input.metric });
      const experimentId = String(identifiers[0].id);
      await m.insert(
        ExperimentArmEntity,
        input.arms.map((a, position) => ({ experimentId, position, ...a })),
      );
      return experimentId;
    });
    return (await this.byIds([id]))[0];
  }

  async byIds(ids: readonly string[]): Promise<ExperimentRow[]> {
    if (!ids.length) return [];
    const rows = await this.experiments.findBy({ id: In([...ids]) });
    return this.withArms(rows);
  }

  async byName(name: string): Promise<ExperimentRow | null> {
    return (await this.withArms(await this.experiments.findBy({ name })))[0] ?? null;
  }

  /** newest first */
  async list(limit: number): Promise<ExperimentRow[]> {
    return this.withArms(await this.experiments.find({ order: { createdAt: 'DESC', id: 'DESC' }, take: limit }));
  }

  /** the running experiment, if any (at most one: a partial unique index) */
  async running(): Promise<ExperimentRow | null> {
    return (await this.withArms(await this.experiments.findBy({ status: 'running' })))[0] ?? null;
  }

  private async withArms(rows: ExperimentEntity[]): Promise<ExperimentRow[]> {
    if (!rows.length) return [];
    const arms = await this.arms.find({ where: { experimentId: In(rows.map((r) => r.id)) }, order: { experimentId: 'ASC', position: 'ASC' } });
    return rows.map((e) => ({
      id: e.id,
      name: e.name,
      metric: e.metric,
      status: e.status,
      createdAt: e.createdAt,
      startedAt: e.startedAt,
      stoppedAt: e.stoppedAt,
      arms: arms.filter((a) => a.experimentId === e.id).map((a) => ({ name: a.name, strategy: a.strategy, modelVersionId: a.modelVersionId, traffic: a.traffic })),
    }));
  }

  /**
   * draft → running, and every replica told. SQL: a conditional update decides against concurrent
   * starts on other replicas; the partial unique index refuses a second running experiment even
   * when two different ones start at the same instant.
   */
  async start(id: string): Promise<StartRefusal | null> {
    try {
      const { rowCount } = await this.pool.query(`UPDATE experiments SET status = 'running', started_at = now() WHERE id = $1 AND status = 'draft'`, [id]);
      if (!rowCount) {
        const { rows } = await this.pool.query(`SELECT status FROM experiments WHERE id = $1`, [id]);
        return { refused: 'not-draft', status: rows[0]?.status };
      }
    } catch (e) {
      if ((e as { code?: string; constraint?: string }).constraint !== 'experiments_one_running') throw e;
      const { rows } = await this.pool.query(`SELECT name FROM experiments WHERE status = 'running'`);
      return { refused: 'another-running', running: rows[0]?.name ?? 'another experiment' };
    }
    await notify(this.pool, EXPERIMENTS_CHANNEL, id);
    return null;
  }

  /** draft or running → stopped (a stopped one stays as it is), and every replica told. SQL: one conditional update, as start. */
  async stop(id: string): Promise<void> {
    const { rowCount } = await this.pool.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE id = $1 AND status <> 'stopped'`, [id]);
    if (rowCount) await notify(this.pool, EXPERIMENTS_CHANNEL, id);
  }

  /**
   * Each arm's impressions, and those with at least one click and at least one conversion, summed from
   * impression_rollup (kept exact by the write path, per hour and arm). SQL: one grouped aggregate in
   * PostgreSQL over at most an experiment's hours × arms rows; nothing travels to Node row by row.
   */
  async armCounts(experimentId: string): Promise<ArmCountsRow[]> {
    const { rows } = await this.pool.query(
      `SELECT arm, sum(impressions)::int AS impressions, sum(clicks)::int AS clicks, sum(conversions)::int AS conversions
         FROM impression_rollup
        WHERE experiment_id = $1
        GROUP BY arm`,
      [experimentId],
    );
    return rows as ArmCountsRow[];
  }
}
