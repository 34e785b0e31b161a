import type { DataSource } from 'typeorm';
import { ExperimentRepository, EXPERIMENTS_CHANNEL, type ArmCountsRow, type ExperimentRow } from '../data/repositories/experiment.repository';
import { ModelVersionRepository } from '../data/repositories/model-version.repository';
import type { Notifier } from '../data/notifier';
import { assignArm } from '../engine/experiments/assignment';
import { leaderOf } from '../engine/experiments/beta-binomial';
import { wilsonInterval } from '../engine/evaluation/wilson';
import type { Logger } from '../logger';
import { conflict, invalidInput, notFound } from './errors';
import type { ArmAssignment } from './experiment-arm';
import { checkExperimentInput, type ExperimentInput } from './experiment-input';
import { apiName, engineName, type ApiStrategy } from './strategies';

interface RunningState {
  id: string;
  name: string;
  arms: { name: string; strategy: ApiStrategy; modelVersionId: string | null }[];
  traffic: number[];
}

export interface ArmReport {
  name: string;
  strategy: ApiStrategy;
  modelVersionId: string | null;
  traffic: number;
  impressions: number;
  /** impressions with at least one attributed click (a conversion is a click too), as onlineMetrics counts them */
  clicks: number;
  /** impressions with at least one attributed conversion */
  conversions: number;
  /** share of the arm's impressions with at least one click (CTR) or conversion (CONVERSION) */
  rate: number | null;
  rateLow: number | null;
  rateHigh: number | null;
  /** posterior probability that this arm's rate is the highest */
  probabilityBest: number | null;
}

export interface ExperimentReport extends Omit<ExperimentRow, 'arms'> {
  arms: ArmReport[];
  leader: string | null;
  probabilityLeaderIsBest: number | null;
}

/**
 * Experiments: definition (validated), start and stop (admin), which arm a user sees, and the
 * figures that say which arm leads. The running experiment is held in memory on every replica —
 * read at start, re-read on a notification when any replica starts or stops one, and by a poll as
 * a safety net — so assigning a request to an arm costs a hash, never a query.
 */
export class ExperimentService {
  readonly repo: ExperimentRepository;
  private readonly versions: ModelVersionRepository;
  private running: RunningState | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  /**
   * set by the server: brings the versions pinned by the running experiment's arms into memory
   * before the experiment's assignments start (so no request is served by the wrong version)
   */
  loadPinned: (versionIds: string[]) => Promise<void> = async () => undefined;
  /** set by the server: the running experiment changed (cached lists of the old assignment go) */
  onChange: () => void = () => undefined;

  /** set by the server */
  logger?: Logger;

  constructor(ds: DataSource) {
    this.repo = new ExperimentRepository(ds);
    this.versions = new ModelVersionRepository(ds);
  }

  async listen(notifier: Notifier, pollMs = 5000): Promise<void> {
    const refresh = () =>
      void this.refresh().catch((err) =>
        this.logger?.warn({ err: (err as Error).message }, 'could not read the running experiment (or load its pinned versions); the next check tries again'),
      );
    notifier.on(EXPERIMENTS_CHANNEL, refresh);
    this.timer = setInterval(refresh, Math.min(pollMs, 2 ** 31 - 1));
    await this.refresh();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** reads which experiment runs now; concurrent calls share one read */
  refresh(): Promise<void> {
    this.refreshing ??= this.readRunning().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async readRunning(): Promise<void> {
    const row = await this.repo.running();
    const same = row?.id === this.running?.id;
    if (same) return;
    // the new experiment's pinned versions in memory first; none held once no experiment runs
    await this.loadPinned(row ? row.arms.flatMap((a) => (a.modelVersionId ? [a.modelVersionId] : [])) : []);
    this.running = row && {
      id: row.id,
      name: row.name,
      arms: row.arms.map((a) => ({ name: a.name, strategy: apiName(a.strategy), modelVersionId: a.modelVersionId })),
      traffic: row.arms.map((a) => a.traffic),
    };
    this.onChange();
    this.logger?.info({ experiment: row ? { id: row.id, name: row.name } : null }, row ? 'experiment running: AUTO requests are assigned to its arms' : 'no experiment running');
  }

  /** the arm this user's AUTO requests are served by, or null while no experiment runs (memory only) */
  assignment(userId: string): ArmAssignment | null {
    const r = this.running;
    if (!r) return null;
    const arm = r.arms[assignArm(r.id, userId, r.traffic)];
    return { experimentId: r.id, experimentName: r.name, arm: arm.name, strategy: arm.strategy, modelVersionId: arm.modelVersionId };
  }

  /** the running experiment's id, as this replica knows it */
  get runningId(): string | null {
    return this.running?.id ?? null;
  }

  async create(input: ExperimentInput): Promise<ExperimentRow> {
    checkExperimentInput(input);
    const pinned = input.arms.flatMap((a) => (a.modelVersionId ? [a.modelVersionId] : []));
    const versions = new Map((await this.versions.byIds(pinned)).map((v) => [v.id, v]));
    input.arms.forEach((arm, i) => {
      if (!arm.modelVersionId) return;
      const field = `input.arms[${i}].modelVersionId`;
      const v = versions.get(arm.modelVersionId);
      if (!v) throw invalidInput(field, `No model version has id "${arm.modelVersionId}". List them with models(strategy: ${arm.strategy}) { id }.`);
      if (v.strategy !== engineName(arm.strategy)) {
        throw invalidInput(
          field,
          `Version ${v.id} is a ${apiName(v.strategy)} model, not ${arm.strategy}; pin a version of models(strategy: ${arm.strategy}) { id }, or set strategy: ${apiName(v.strategy)}.`,
        );
      }
      if (v.status !== 'ready')
        throw invalidInput(field, `Version ${v.id} is ${v.status} and cannot be served; pin a ready version, or leave modelVersionId out to serve the active one.`);
    });
    if (await this.repo.byName(input.name)) throw invalidInput('input.name', `An experiment named "${input.name}" exists already; pick another name.`);
    try {
      return await this.repo.create({
        name: input.name,
        metric: input.metric,
        arms: input.arms.map((a) => ({ name: a.name, strategy: engineName(a.strategy), modelVersionId: a.modelVersionId ?? null, traffic: a.traffic })),
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw invalidInput('input.name', `An experiment named "${input.name}" exists already; pick another name.`);
      throw e;
    }
  }

  private async row(id: string): Promise<ExperimentRow> {
    const [row] = /^\d{1,18}$/.test(id) ? await this.repo.byIds([id]) : [];
    if (!row) throw notFound(`No experiment has id "${id}". List them with experiments { id name status }.`);
    return row;
  }

  /** draft → running; this replica assigns at once, the others on the notification */
  async start(id: string): Promise<ExperimentRow> {
    const row = await this.row(id);
    const refusal = await this.repo.start(id);
    if (refusal?.refused === 'another-running') {
      throw conflict(`Experiment "${refusal.running}" is running; stop it (stopExperiment) before starting "${row.name}": one experiment runs at a time.`, 'id');
    }
    if (refusal) {
      throw invalidInput(
        'id',
        refusal.status === 'stopped'
          ? `Experiment "${row.name}" was stopped and cannot run again (its figures would mix two periods); create a new experiment with the same arms.`
          : `Experiment "${row.name}" is ${refusal.status} already.`,
      );
    }
    await this.refresh();
    return this.row(id);
  }

  /** draft or running → stopped (stopping a stopped one changes nothing); AUTO is itself again at once here */
  async stopExperiment(id: string): Promise<ExperimentRow> {
    await this.row(id);
    await this.repo.stop(id);
    await this.refresh();
    return this.row(id);
  }

  list(limit: number): Promise<ExperimentRow[]> {
    return this.repo.list(limit);
  }

  async report(id: string): Promise<ExperimentReport> {
    return this.reportOf(await this.row(id));
  }

  /** each arm's counts (PostgreSQL aggregates), rate with its 95% interval, and the Bayesian leader */
  async reportOf(row: ExperimentRow): Promise<ExperimentReport> {
    const counts = new Map((await this.repo.armCounts(row.id)).map((c) => [c.arm, c]));
    const empty: ArmCountsRow = { arm: '', impressions: 0, clicks: 0, conversions: 0 };
    const per = row.arms.map((a) => {
      const c = counts.get(a.name) ?? empty;
      return { arm: a, c, successes: row.metric === 'CTR' ? c.clicks : c.conversions };
    });
    const verdict = leaderOf(per.map((p) => ({ successes: p.successes, trials: p.c.impressions })));
    const arms = per.map(({ arm, c, successes }, i): ArmReport => {
      const r = c.impressions ? wilsonInterval(successes, c.impressions) : { rate: null, low: null, high: null };
      return {
        name: arm.name,
        strategy: apiName(arm.strategy),
        modelVersionId: arm.modelVersionId,
        traffic: arm.traffic,
        impressions: c.impressions,
        clicks: c.clicks,
        conversions: c.conversions,
        rate: r.rate,
        rateLow: r.low,
        rateHigh: r.high,
        probabilityBest: verdict.leader === null ? null : verdict.probabilities[i],
      };
    });
    const { arms: _arms, ...rest } = row;
    return { ...rest, arms, leader: verdict.leader === null ? null : row.arms[verdict.leader].name, probabilityLeaderIsBest: verdict.probabilityLeaderIsBest };
  }
}
