import { parseList } from '../data/notify';
import type { Notifier } from '../data/notifier';
import { CATALOG_CHANNEL, type ItemRepository } from '../data/repositories/item.repository';
import type { Logger } from '../logger';
import type { RecommendationService } from './recommendation.service';

/**
 * Keeps this replica's CatalogIndex (and through it every served model's catalog facts) in step
 * with PostgreSQL: read whole at start; after a write here, the written keys at once; after a
 * write elsewhere, the keys its notification carries; and, as a safety net for a lost notification
 * or a write that announced nothing (an import), a cheap check of the item count and latest
 * update every `pollMs` that re-reads the catalog when they differ. Updates run one at a time.
 */
export class CatalogSyncService {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly items: ItemRepository,
    private readonly recommendations: RecommendationService,
    private readonly logger: Logger,
    /** this process, as named in the notifications it sends (it skips its own) */
    private readonly instance: string,
  ) {}

  async start(notifier: Notifier, pollMs = 5000): Promise<void> {
    notifier.on(CATALOG_CHANNEL, (payload) => {
      const list = parseList(payload);
      if (list && list.origin !== this.instance)
        void this.refresh(list.values).catch((err) => this.logger.warn({ err: (err as Error).message }, 'could not read changed items; the next check catches up'));
    });
    await this.reloadAll();
    this.timer = setInterval(() => void this.check().catch(() => undefined), Math.min(pollMs, 2 ** 31 - 1));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** these items were written or deleted: read them again (a key without a row was deleted) */
  refresh(keys: readonly string[]): Promise<void> {
    return this.serially(async () => {
      const rows = await this.items.catalogEntries(keys);
      const changed = this.recommendations.catalog.update(keys, rows);
      if (changed.length) this.recommendations.catalogChanged(changed);
    });
  }

  private reloadAll(): Promise<void> {
    return this.serially(async () => {
      const changed = this.recommendations.catalog.replaceAll(await this.items.catalogEntries());
      if (changed.length) this.recommendations.catalogChanged(changed);
    });
  }

  /** re-reads the whole catalog when the database's count or latest update differs from ours */
  private async check(): Promise<void> {
    const catalog = this.recommendations.catalog;
    const db = await this.items.catalogFingerprint();
    if (db.count === catalog.size && db.updatedAt === catalog.updatedAt) return;
    await this.serially(async () => {
      // notifications applied meanwhile may have closed the gap
      const again = await this.items.catalogFingerprint();
      if (again.count === catalog.size && again.updatedAt === catalog.updatedAt) return;
      this.logger.info({ items: again.count, known: catalog.size }, 'catalog changed without a notification reaching this replica; reading it again');
      const changed = catalog.replaceAll(await this.items.catalogEntries());
      if (changed.length) this.recommendations.catalogChanged(changed);
    });
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
