import { randomUUID } from 'node:crypto';
import type { ImpressionRepository } from '../../data/repositories/impression.repository';
import type { Logger } from '../../logger';
import { engineName, type ApiStrategy } from '../strategies';
import { isImpressionId, type Attribution, type AttributionRequest } from './attribution';
import { DEFAULT_RECORDER_OPTIONS, ImpressionRecorder, type RecorderOptions } from './impression-recorder';
import { MAX_RANGE_DAYS, onlineMetrics, type OnlineMetricsArgs, type OnlineMetricsRow } from './online-metrics';
import { isSampled } from './sampling';

export interface ImpressionSettings {
  /** IMPRESSION_SAMPLE_RATE: the fraction of lists whose impression is stored (0–1) */
  sampleRate: number;
  /** IMPRESSION_RETENTION_DAYS: impressions older than this are pruned */
  retentionDays: number;
  /** ATTRIBUTION_WINDOW_HOURS: how long after a list is served an event on it still counts */
  attributionWindowHours: number;
}

/** one list as served, for its impression */
export interface ServedList {
  /** external id of the user it was served for; null for lists not asked for a user */
  userId: string | null;
  strategy: ApiStrategy;
  modelVersionId: string | null;
  experimentId?: string | null;
  arm?: string | null;
  /** items.id of the list, in order */
  itemKeys: readonly string[];
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Impressions, attribution and online metrics (issue 15). Every list served gets a fresh impression
 * id (per request, cached lists included); sampled ones are recorded by the ImpressionRecorder, off
 * the request path. Attribution waits for ids still buffered here, so a click right after its list
 * still finds it. A periodic prune keeps IMPRESSION_RETENTION_DAYS.
 */
export class ImpressionService {
  readonly recorder: ImpressionRecorder;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: ImpressionRepository,
    readonly settings: ImpressionSettings,
    private readonly logger: Logger | null = null,
    private readonly recorderOptions: RecorderOptions = DEFAULT_RECORDER_OPTIONS,
  ) {
    this.recorder = new ImpressionRecorder(
      (rows) => repo.insert(rows),
      recorderOptions,
      (err, rows) => this.logger?.warn({ err, rows }, 'impressions could not be written; they are dropped (attribution to them reports UNKNOWN_IMPRESSION)'),
    );
  }

  /** a new impression id for a list being served; the impression is recorded when the id is sampled (and the list not empty) */
  served(list: ServedList): string {
    const id = randomUUID();
    if (list.itemKeys.length && isSampled(id, this.settings.sampleRate)) {
      this.recorder.add({
        id,
        userId: list.userId,
        strategy: engineName(list.strategy),
        modelVersionId: list.modelVersionId,
        experimentId: list.experimentId ?? null,
        arm: list.arm ?? null,
        itemKeys: list.itemKeys,
        createdAt: new Date(),
      });
    }
    return id;
  }

  /**
   * Outcomes of committed events that named an impression, in order (rule: attribution.ts), in one
   * statement. Ids that are not impression ids are UNKNOWN_IMPRESSION without a query.
   */
  async attribute(requests: readonly AttributionRequest[]): Promise<Attribution[]> {
    const out: Attribution[] = requests.map((r) => ({ outcome: 'UNKNOWN_IMPRESSION', impressionId: r.impressionId, position: null }));
    const asked = requests.flatMap((r, n) => (isImpressionId(r.impressionId) ? [{ r, n }] : []));
    if (!asked.length) return out;
    await this.recorder.settle(asked.map((a) => a.r.impressionId));
    const windowMs = this.settings.attributionWindowHours * 3_600_000;
    const ask = async (some: typeof asked) => {
      const answers = await this.repo.attribute(
        some.map((a) => ({ ...a.r, impressionId: a.r.impressionId.toLowerCase() })),
        new Date(),
        windowMs,
      );
      some.forEach((a, i) => (out[a.n] = { outcome: answers[i].outcome, impressionId: a.r.impressionId, position: answers[i].position }));
    };
    await ask(asked);
    // an id that was sampled but is not there yet may still be in another replica's buffer (a click
    // faster than its flush): asked once more after that buffer's longest wait
    const late = asked.filter((a) => out[a.n].outcome === 'UNKNOWN_IMPRESSION' && isSampled(a.r.impressionId, this.settings.sampleRate));
    if (late.length) {
      await new Promise((resolve) => setTimeout(resolve, this.recorderOptions.flushMs + 50));
      await ask(late);
    }
    return out;
  }

  onlineMetrics(args: OnlineMetricsArgs): Promise<OnlineMetricsRow[]> {
    return onlineMetrics(this.repo, args);
  }

  /**
   * Deletes impressions older than the retention; how many went. The hourly counts, which name no
   * one, are kept as long as onlineMetrics can ask for (MAX_RANGE_DAYS.DAY) when that is longer.
   */
  async prune(now = new Date()): Promise<number> {
    await this.recorder.flush();
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    return this.repo.prune(days(this.settings.retentionDays), days(Math.max(this.settings.retentionDays, MAX_RANGE_DAYS.DAY)));
  }

  /** prunes now and then every hour (each replica does; a second prune finds nothing) */
  start(): void {
    const run = () =>
      void this.prune().then(
        (n) => n && this.logger?.info({ pruned: n }, 'old impressions pruned'),
        (err) => this.logger?.warn({ err }, 'impressions could not be pruned; retrying in an hour'),
      );
    run();
    this.pruneTimer = setInterval(run, PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  /** stops pruning and writes what is buffered */
  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    await this.recorder.stop();
  }
}
