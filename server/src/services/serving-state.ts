import type { Model } from '../engine/types';
import type { ModelBundle } from '../engine/model-bundle';
import type { CatalogEntry, CatalogIndex } from './catalog-index';
import type { HistoryEntry } from './history';
import type { ApiStrategy } from './strategies';

/**
 * One strategy's model as served: the model, the vocabularies it was trained with (plus users
 * folded in and items added since), and catalog facts by its item indices, kept in step with this
 * replica's CatalogIndex. `model` is replaced on freshness writes (fold-in returns a new model), on
 * erasure (forget) and when the catalog grows (withItems).
 *
 * Item indices are never reused: an item deleted keeps its index, blocked; an item created since
 * (even under a deleted item's external id) gets the next index. Likewise an erased user's index
 * is detached from their id, so a user created later under the same id starts afresh.
 */
export class ServedModel {
  /** item index by internal key (items.id) */
  readonly itemIndexByKey: Map<string, number>;
  private readonly itemIndexById: Map<string, number>;
  private readonly itemIds: string[];
  private readonly userIndexById: Map<string, number>;
  private nextUser: number;
  /** per item index: 1 when it must not be served (hidden, or no longer in the catalog) */
  private blocked: Uint8Array;
  /** per item index: epoch ms of publication, NaN when unknown */
  private published: Float64Array;
  /** per item index: categories in lower case */
  private readonly lowerCategories: string[][];
  /**
   * Users who wrote since this model last folded them in: folded in on their next list (a fold-in
   * costs one model, not five, and a user who writes often and reads rarely costs no fold-in per write).
   */
  private readonly stale = new Set<string>();

  constructor(
    readonly strategy: ApiStrategy,
    readonly versionId: string,
    public model: Model,
    readonly bundle: Omit<ModelBundle, 'model'>,
    /** the version's offline metrics (AUTO picks the personalized model that measured best) */
    readonly metrics: Record<string, unknown> | null = null,
  ) {
    this.itemIndexByKey = new Map(bundle.itemKeys.map((k, i) => [k, i]));
    this.itemIds = [...bundle.items.toArray()];
    this.itemIndexById = new Map(this.itemIds.map((id, i) => [id, i]));
    this.userIndexById = new Map(bundle.users.toArray().map((id, i) => [id, i]));
    this.nextUser = Math.max(bundle.users.size, model.nUsers);
    const n = bundle.itemKeys.length;
    this.blocked = new Uint8Array(n);
    this.published = new Float64Array(n).fill(NaN);
    this.lowerCategories = bundle.genres.map((g) => g.map((c) => c.toLowerCase()));
  }

  /** items this version serves (trained ones plus those added since) */
  get nItems(): number {
    return this.itemIds.length;
  }

  userIndex(externalId: string): number {
    return this.userIndexById.get(externalId) ?? -1;
  }

  /** the user's index, a new one past every index used so far when the user is new */
  addUser(externalId: string): number {
    let i = this.userIndexById.get(externalId);
    if (i === undefined) this.userIndexById.set(externalId, (i = this.nextUser++));
    return i;
  }

  /** this user's history changed: fold them in before their next list */
  markStale(externalId: string): void {
    if (this.model.foldIn) this.stale.add(externalId);
  }

  /** users still to fold in, for a version loaded to replace this one (see RecommendationService.set) */
  staleUsers(): Iterable<string> {
    return this.stale;
  }

  /** folds the user in when they wrote since their last fold-in into this model */
  foldInIfStale(externalId: string, history: readonly HistoryEntry[]): void {
    if (this.stale.has(externalId)) this.foldInHistory(externalId, history);
  }

  /**
   * Folds the user's whole signed history into the model (a new model object; the one in use by
   * lists under way is not changed). Items this model cannot take yet are left out.
   */
  foldInHistory(externalId: string, history: readonly HistoryEntry[]): void {
    this.stale.delete(externalId);
    if (!this.model.foldIn) return;
    const items: number[] = [];
    const ratings: number[] = [];
    const weights: number[] = [];
    for (const h of history) {
      const i = this.itemIndexByKey.get(h.itemKey);
      // an item this model cannot take yet (newer than the version, and the model cannot grow)
      if (i === undefined || i >= this.model.nItems) continue;
      items.push(i);
      ratings.push(h.rating ?? NaN);
      weights.push(h.weight);
    }
    this.model = this.model.foldIn(this.addUser(externalId), { items, ratings, weights });
  }

  /**
   * Erasure: the model forgets the user (their factors, their row, their use as anyone's
   * neighbour) and the id no longer leads to that index. Returns the index, or -1 when unknown.
   */
  forgetUser(externalId: string): number {
    this.stale.delete(externalId);
    const i = this.userIndexById.get(externalId);
    if (i === undefined) return -1;
    this.userIndexById.delete(externalId);
    if (this.model.forget && i < this.model.nUsers) this.model = this.model.forget(i);
    return i;
  }

  itemIndex(externalId: string): number {
    return this.itemIndexById.get(externalId) ?? -1;
  }

  title(i: number): string {
    return this.bundle.titles[i] ?? `item ${this.itemIds[i]}`;
  }

  /** may this item be served under the filter's terms? (never when hidden or deleted) */
  servable(i: number): boolean {
    return this.blocked[i] === 0;
  }

  publishedAt(i: number): number {
    return this.published[i];
  }

  categoriesOf(i: number): readonly string[] {
    return this.lowerCategories[i] ?? [];
  }

  /**
   * Brings the catalog facts in line with the index: every item (at load: an item the version
   * knows that the index lacks was deleted since) or the given keys (after a change).
   */
  syncCatalog(catalog: CatalogIndex, keys?: readonly string[]): void {
    if (!catalog.loaded) return;
    if (!keys) {
      // every item this model has (one the index lacks was deleted), then the index's new ones
      const known = this.bundle.itemKeys.length;
      for (let i = 0; i < known; i++) this.applyEntry(this.bundle.itemKeys[i], catalog.get(this.bundle.itemKeys[i]));
      for (const e of catalog.entries()) if (!this.itemIndexByKey.has(e.key)) this.applyEntry(e.key, e);
    } else {
      for (const key of keys) this.applyEntry(key, catalog.get(key));
    }
    // new items become candidates of the model at once (popularity/trending; others once they have data)
    if (this.nItems > this.model.nItems && this.model.withItems) this.model = this.model.withItems(this.nItems);
  }

  private applyEntry(key: string, e: CatalogEntry | undefined): void {
    let i = this.itemIndexByKey.get(key);
    if (!e) {
      if (i === undefined) return;
      this.blocked[i] = 1;
      if (this.itemIndexById.get(this.itemIds[i]) === i) this.itemIndexById.delete(this.itemIds[i]);
      return;
    }
    if (i === undefined) {
      i = this.itemIds.length;
      this.itemIds.push(e.id);
      this.bundle.itemKeys.push(key);
      this.bundle.titles.push(e.title);
      this.bundle.genres.push(e.categories);
      this.lowerCategories.push(e.lower);
      this.itemIndexByKey.set(key, i);
      this.grow(i + 1);
    } else {
      this.bundle.titles[i] = e.title;
      this.bundle.genres[i] = e.categories;
      this.lowerCategories[i] = e.lower;
    }
    this.itemIndexById.set(e.id, i);
    this.blocked[i] = e.hidden ? 1 : 0;
    this.published[i] = e.publishedAt ?? NaN;
  }

  private grow(n: number): void {
    if (n <= this.blocked.length) return;
    const size = Math.max(n, Math.ceil(this.blocked.length * 1.25) + 16);
    const blocked = new Uint8Array(size).fill(1);
    blocked.set(this.blocked);
    const published = new Float64Array(size).fill(NaN);
    published.set(this.published);
    this.blocked = blocked;
    this.published = published;
  }
}
