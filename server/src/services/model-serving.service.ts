import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { notify } from '../data/notify';
import type { Notifier } from '../data/notifier';
import { ModelVersionRepository, MODELS_CHANNEL, type ModelVersionRow } from '../data/repositories/model-version.repository';
import type { UserRepository } from '../data/repositories/user.repository';
import type { Logger } from '../logger';
import { decodeBundle } from '../engine/model-bundle';
import type { RecommendationService } from './recommendation.service';
import { signedHistory, type HistoryEntry } from './history';
import { ServedModel } from './serving-state';
import type { ServingMetrics } from './serving-metrics';
import { engineName, servedStrategies, type ApiStrategy } from './strategies';

export const FRESH_CHANNEL = 'tastegraph_fresh';

/**
 * Keeps the served models in step with PostgreSQL: loads each strategy's active version (at start,
 * on activation notifications from any replica, and by a cheap poll), and folds a user's new
 * interactions into the personalized models at once — locally after a write, and on every other
 * replica through a notification.
 */
export class ModelServingService {
  private readonly versions: ModelVersionRepository;
  private readonly instance = randomUUID();
  private syncing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  metrics: ServingMetrics | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly recommendations: RecommendationService,
    private readonly logger: Logger,
  ) {
    this.versions = new ModelVersionRepository(ds);
  }

  async start(notifier: Notifier, pollMs = 5000): Promise<void> {
    // (a timer delay above 2^31-1 ms would fire at once: clamp it)
    pollMs = Math.min(pollMs, 2 ** 31 - 1);
    notifier.on(MODELS_CHANNEL, () => void this.sync());
    notifier.on(FRESH_CHANNEL, (payload) => {
      const [from, ids] = [payload.slice(0, 36), payload.slice(37)];
      if (from !== this.instance && ids) void this.refreshUsers(JSON.parse(ids) as string[]).catch(() => undefined);
    });
    this.timer = setInterval(() => void this.sync(), pollMs);
    await this.sync();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** loads active versions that differ from the served ones; concurrent calls share one run */
  sync(): Promise<void> {
    this.syncing ??= this.doSync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async doSync(): Promise<void> {
    let active: ModelVersionRow[];
    try {
      active = await this.versions.activeVersions();
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'could not read active versions');
      return;
    }
    for (const strategy of servedStrategies()) {
      const v = active.find((a) => a.strategy === engineName(strategy));
      if (!v || this.recommendations.get(strategy)?.versionId === v.id) continue;
      try {
        await this.load(strategy, v);
      } catch (err) {
        this.logger.error({ err, strategy, version: v.id }, 'could not load the active version; still serving the previous one');
      }
    }
  }

  private async load(strategy: ApiStrategy, v: ModelVersionRow): Promise<void> {
    const t0 = Date.now();
    const bytes = await this.versions.artifact(v.id);
    if (!bytes) throw new Error(`version ${v.id} has no artifact`);
    const { model, ...bundle } = decodeBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const served = new ServedModel(strategy, v.id, model, bundle, v.metrics);
    // users who wrote since this version's data was read: fold them in before serving it
    const changed = v.dataSnapshotAt && model.foldIn ? await this.versions.usersChangedSince(v.dataSnapshotAt) : [];
    for (const id of changed) await this.foldIn(served, id);
    this.recommendations.set(served);
    this.metrics?.modelVersion.set({ strategy }, Number(v.id));
    this.logger.info({ strategy, version: v.id, foldedIn: changed.length, seconds: (Date.now() - t0) / 1000 }, 'serving model version');
  }

  /** after a committed write: refresh here, then tell the other replicas */
  async userChanged(userIds: string[]): Promise<void> {
    await this.refreshUsers(userIds);
    const payload = `${this.instance}|${JSON.stringify(userIds.slice(0, 200))}`;
    if (payload.length < 7900) await notify(this.ds, FRESH_CHANNEL, payload).catch(() => undefined);
  }

  async refreshUsers(userIds: string[]): Promise<void> {
    this.recommendations.invalidateUsers(userIds);
    const models = servedStrategies().map((s) => this.recommendations.get(s)).filter((m): m is ServedModel => !!m?.model.foldIn);
    if (!models.length) return;
    // one read of each user's history, folded into every model (not one read per model)
    for (const id of userIds) {
      const history = await this.history(id);
      if (history) for (const served of models) this.foldInHistory(served, id, history);
    }
    // lists computed while the fold-in ran used the old rows: they must not outlive it
    this.recommendations.invalidateUsers(userIds);
  }

  /** the user's whole history from the database (null for an unknown user) */
  private async history(userId: string): Promise<HistoryEntry[] | null> {
    const [user] = await this.users.byExternalIds([userId]);
    return user ? signedHistory(await this.users.interactedItems(user.key)) : null;
  }

  /** the user's whole history from the database, folded into this model (a new model object) */
  private async foldIn(served: ServedModel, userId: string): Promise<void> {
    const history = await this.history(userId);
    if (history) this.foldInHistory(served, userId, history);
  }

  private foldInHistory(served: ServedModel, userId: string, history: HistoryEntry[]): void {
    const items: number[] = [];
    const ratings: number[] = [];
    const weights: number[] = [];
    for (const h of history) {
      const i = served.itemIndexByKey.get(h.itemKey);
      if (i === undefined) continue; // an item newer than this version: reachable after retraining
      items.push(i);
      ratings.push(h.rating ?? NaN);
      weights.push(h.weight);
    }
    // the serving model may already have moved on (another fold-in): always fold into the latest
    const index = served.bundle.users.add(userId);
    served.model = served.model.foldIn!(index, { items, ratings, weights });
  }
}
