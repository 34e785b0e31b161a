import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { notify, parseList } from '../data/notify';
import type { Notifier } from '../data/notifier';
import { ModelVersionRepository, MODELS_CHANNEL, type ModelVersionRow } from '../data/repositories/model-version.repository';
import { ERASURE_CHANNEL, type UserRepository } from '../data/repositories/user.repository';
import type { Logger } from '../logger';
import { decodeBundle } from '../engine/model-bundle';
import type { RecommendationService } from './recommendation.service';
import type { HistoryEntry } from './history';
import { ServedModel } from './serving-state';
import { matches } from './user-state';
import type { ServingMetrics } from './serving-metrics';
import { apiName, engineName, servedStrategies, type ApiStrategy } from './strategies';

export const FRESH_CHANNEL = 'tastegraph_fresh';

/** erasures remembered for loads and fold-ins that were under way when they happened */
const REMEMBERED_ERASURES = 10_000;

/**
 * Keeps the served models in step with PostgreSQL: loads each strategy's active version (at start,
 * on activation notifications from any replica, and by a cheap poll), folds a user's new
 * interactions into the personalized models at once — locally after a write, and on every other
 * replica through a notification — and makes every model forget an erased user the same way.
 */
export class ModelServingService {
  private readonly versions: ModelVersionRepository;
  private syncing: Promise<void> | null = null;
  /** erased user id → the erasure's sequence number (see erasedSince) */
  private readonly erased = new Map<string, number>();
  private erasureSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  /** set by stop(): a sync still running then ends quietly */
  private stopped = false;
  private reconciling = false;
  metrics: ServingMetrics | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly recommendations: RecommendationService,
    private readonly logger: Logger,
    /** this process, as named in the notifications it sends (it skips its own) */
    private readonly instance: string = randomUUID(),
  ) {
    this.versions = new ModelVersionRepository(ds);
  }

  /**
   * `reconcileMs`: how often the users held in memory are compared with the database (a lost
   * notification, a write that announced nothing such as a direct SQL write) and repaired.
   */
  async start(notifier: Notifier, pollMs = 5000, reconcileMs = 10_000): Promise<void> {
    // (a timer delay above 2^31-1 ms would fire at once: clamp it)
    pollMs = Math.min(pollMs, 2 ** 31 - 1);
    this.stopped = false;
    this.reconcileTimer = setInterval(
      () => void this.reconcileUsers().catch((err) => this.logger.warn({ err: (err as Error).message }, 'could not reconcile users; the next check tries again')),
      Math.min(reconcileMs, 2 ** 31 - 1),
    );
    notifier.on(MODELS_CHANNEL, () => void this.sync());
    notifier.on(FRESH_CHANNEL, (payload) => {
      const [from, ids] = [payload.slice(0, 36), payload.slice(37)];
      if (from !== this.instance && ids) void this.refreshUsers(JSON.parse(ids) as string[]).catch(() => undefined);
    });
    notifier.on(ERASURE_CHANNEL, (payload) => {
      const list = parseList(payload);
      if (list && list.origin !== this.instance) this.forgetUsers(list.values);
    });
    this.timer = setInterval(() => void this.sync(), pollMs);
    await this.sync();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
  }

  /**
   * Compares every user held in memory with the database (one grouped read of what their
   * interactions add up to) and reads again, folds in and un-caches those that differ; users gone
   * from the database are forgotten. Returns how many differed (logged when any did).
   */
  async reconcileUsers(): Promise<number> {
    if (this.reconciling) return 0;
    this.reconciling = true;
    try {
      const store = this.recommendations.users;
      const t0 = process.hrtime.bigint();
      const ids = store.ids();
      const differ: string[] = [];
      const gone: string[] = [];
      for (let i = 0; i < ids.length; i += 5_000) {
        const slice = ids.slice(i, i + 5_000);
        const mark = store.mark();
        const db = new Map((await this.users.fingerprints(slice)).map((r) => [r.id, r]));
        for (const id of slice) {
          const held = store.get(id);
          // changed meanwhile (a write here, a notification): not a difference, and already fresh
          if (!held || store.changedSince(id, mark)) continue;
          const f = db.get(id);
          if (!f) gone.push(id);
          else if (!matches(held, f)) differ.push(id);
        }
      }
      if (gone.length) this.forgetUsers(gone);
      if (differ.length) await this.refreshUsers(differ);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (differ.length || gone.length) {
        this.logger.warn(
          { changed: differ.length, gone: gone.length, checked: ids.length, ms: Math.round(ms * 10) / 10, users: [...differ, ...gone].slice(0, 20) },
          'users changed without a notification reaching this replica; read them again',
        );
      } else {
        this.logger.debug({ checked: ids.length, ms }, 'users in memory match the database');
      }
      return differ.length + gone.length;
    } finally {
      this.reconciling = false;
    }
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
      if (this.stopped) return;
      const v = active.find((a) => a.strategy === engineName(strategy));
      if (!v || this.recommendations.get(strategy)?.versionId === v.id) continue;
      try {
        await this.load(strategy, v);
      } catch (err) {
        // a load the server's shutdown overtook (its pool ended under it) is no failure to report
        if (this.stopped) return;
        this.logger.error({ err, strategy, version: v.id }, 'could not load the active version; still serving the previous one');
      }
    }
  }

  /**
   * Holds these versions (pinned by a running experiment's arms) in memory beside the active ones;
   * a version that is its strategy's active one is served as that. Loaded before the experiment's
   * assignments start, so an arm is never served by another version.
   */
  async loadPinned(versionIds: readonly string[]): Promise<void> {
    const rows = versionIds.length ? await this.versions.byIds(versionIds) : [];
    const held: ServedModel[] = [];
    for (const v of rows) {
      const strategy = apiName(v.strategy);
      if (this.recommendations.get(strategy)?.versionId === v.id) continue;
      held.push(this.recommendations.pinnedVersion(v.id) ?? (await this.build(strategy, v)));
    }
    this.recommendations.pin(held);
  }

  private async load(strategy: ApiStrategy, v: ModelVersionRow): Promise<void> {
    const t0 = Date.now();
    const { served, foldedIn, forgotten } = await this.buildCounted(strategy, v);
    this.recommendations.set(served);
    this.metrics?.modelVersion.set({ strategy }, Number(v.id));
    this.logger.info({ strategy, version: v.id, foldedIn, forgotten, seconds: (Date.now() - t0) / 1000 }, 'serving model version');
  }

  private async build(strategy: ApiStrategy, v: ModelVersionRow): Promise<ServedModel> {
    return (await this.buildCounted(strategy, v)).served;
  }

  /** a version as served now: decoded, erasures and the catalog applied, users who wrote since folded in */
  private async buildCounted(strategy: ApiStrategy, v: ModelVersionRow): Promise<{ served: ServedModel; foldedIn: number; forgotten: number }> {
    const bytes = await this.versions.artifact(v.id);
    if (!bytes) throw new Error(`version ${v.id} has no artifact`);
    const { model, ...bundle } = decodeBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const served = new ServedModel(strategy, v.id, model, bundle, v.metrics);
    const mark = this.erasureSeq;
    // users of the version deleted since (after its data was read, or while this replica was down),
    // and ids deleted and taken again by a new user since: never served what the version learned of them
    const gone = await this.users.staleExternalIds(bundle.users.toArray(), v.dataSnapshotAt);
    for (const id of gone) served.forgetUser(id);
    // the catalog as it is now: hidden, deleted and new items (new ones before the fold-ins, which may name them)
    const catalog = this.recommendations.catalog;
    const generation = catalog.generation;
    served.syncCatalog(catalog);
    // users who wrote since this version's data was read: fold them in before serving it
    const changed = v.dataSnapshotAt && model.foldIn ? await this.versions.usersChangedSince(v.dataSnapshotAt) : [];
    for (const id of changed) await this.foldIn(served, id);
    // what changed while this ran: the catalog, and users erased meanwhile
    if (catalog.generation !== generation) served.syncCatalog(catalog);
    for (const [id, seq] of this.erased) if (seq > mark) served.forgetUser(id);
    return { served, foldedIn: changed.length, forgotten: gone.length };
  }

  /**
   * Erasure: every served model forgets these users at once (after the deletion committed here, or
   * on its notification from another replica); loads and fold-ins under way forget them too.
   */
  forgetUsers(userIds: readonly string[]): void {
    for (const id of userIds) this.erased.set(id, ++this.erasureSeq);
    if (this.erased.size > REMEMBERED_ERASURES) {
      for (const [id, seq] of this.erased) if (seq <= this.erasureSeq - REMEMBERED_ERASURES / 2) this.erased.delete(id);
    }
    this.recommendations.forgetUsers(userIds);
  }

  /** was this user erased after the sequence number `mark` (read before a history was read)? */
  private erasedSince(userId: string, mark: number): boolean {
    return (this.erased.get(userId) ?? 0) > mark;
  }

  /**
   * After a committed write here (the write path has already brought the users held in memory up to
   * date): the users' lists are refreshed on their next request, and the other replicas are told.
   */
  async userChanged(userIds: string[]): Promise<void> {
    this.recommendations.usersChanged(userIds);
    for (let i = 0; i < userIds.length; i += 200) {
      const payload = `${this.instance}|${JSON.stringify(userIds.slice(i, i + 200))}`;
      if (payload.length < 7900) await notify(this.ds, FRESH_CHANNEL, payload).catch(() => undefined);
    }
  }

  /**
   * Users changed elsewhere (another replica's notification, the reconciliation): the ones held in
   * memory are read again (so their next list needs no query), and every model folds them in on
   * their next list.
   */
  async refreshUsers(userIds: string[]): Promise<void> {
    const held = this.recommendations.users;
    const reread = userIds.filter((id) => held.get(id));
    // a read of the others under way started before the change: it must not store what it read
    held.delete(userIds.filter((id) => !held.get(id)));
    try {
      await this.recommendations.readUsers(reread);
    } catch (err) {
      held.delete(reread); // what is held of them may be stale: their next list reads them
      throw err;
    } finally {
      // marked after the reads (a list computed meanwhile folded the old history in), and even when a
      // read failed (that user is no longer held: their next list reads them)
      this.recommendations.usersChanged(userIds);
    }
  }

  /**
   * the user's whole history from the database (null for an unknown user), read now: it also
   * replaces what this replica holds of the user, so the next list uses it without a read
   */
  private async history(userId: string): Promise<HistoryEntry[] | null> {
    try {
      return (await this.recommendations.readUser(userId))?.history ?? null;
    } catch (err) {
      // what this replica holds of the user may be stale now: their next list reads them again
      this.recommendations.users.delete([userId]);
      throw err;
    }
  }

  /** the user's whole history from the database, folded into this model (a new model object) */
  private async foldIn(served: ServedModel, userId: string): Promise<void> {
    const mark = this.erasureSeq;
    const history = await this.history(userId);
    if (history && !this.erasedSince(userId, mark)) served.foldInHistory(userId, history);
  }
}
