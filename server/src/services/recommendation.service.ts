import type { Model, ScoredItem } from '../engine/types';
import type { ItemRow } from '../data/repositories/item.repository';
import type { UserRow } from '../data/repositories/user.repository';
import type { Metrics } from '../http/metrics';
import { badInput, unavailable } from '../graphql/errors';
import { coldStartReason, phraseReasons } from './reasons';
import { RecommendationCache } from './recommendation-cache';
import type { Repositories } from './repositories';
import type { ServedModel } from './serving-state';
import { MODEL_STRATEGIES, type ApiStrategy, type ModelStrategy } from './strategy-names';

export interface RecommendArgs {
  strategy: ApiStrategy;
  limit: number;
  excludeItemIds?: string[] | null;
  genre?: string | null;
}

export interface RecommendationResult {
  itemKey: string;
  /** the item's catalog row, when asked for (answers from the cache need no query then) */
  item?: ItemRow;
  score: number;
  strategy: ModelStrategy;
  reasons: string[];
}

export interface RecommendationOptions {
  /** AUTO personalizes from this many interactions on */
  minInteractions: number;
  /** the personalized strategy AUTO uses; BEST = the served one with the higher NDCG@K */
  autoStrategy: Exclude<ModelStrategy, 'POPULARITY'> | 'BEST';
}

/**
 * Answers recommendation requests from the models in memory; never trains on the request path.
 * "Cannot score this user" is handled here, once: the answer falls back to popularity and says why.
 */
export class RecommendationService {
  private readonly served = new Map<ModelStrategy, ServedModel>();
  /** finished lists per user, valid while their models and the user's history are unchanged */
  private readonly cache = new RecommendationCache<RecommendationResult[]>();
  metrics: Metrics | null = null;

  constructor(
    private readonly repos: Repositories,
    readonly options: RecommendationOptions,
  ) {}

  /** every strategy has a model to serve */
  get ready(): boolean {
    return MODEL_STRATEGIES.every((s) => this.served.has(s));
  }

  missing(): ModelStrategy[] {
    return MODEL_STRATEGIES.filter((s) => !this.served.has(s));
  }

  get(strategy: ModelStrategy): ServedModel | undefined {
    return this.served.get(strategy);
  }

  set(served: ServedModel): void {
    this.served.set(served.strategy, served);
    this.cache.clear(); // entries of the replaced version can never be valid again
  }

  private model(strategy: ModelStrategy): ServedModel {
    const m = this.served.get(strategy);
    if (!m) throw unavailable(`The ${strategy} model is still being trained or loaded; retry in a few seconds.`);
    return m;
  }

  /** the cache key of a list, or null for lists that are always computed */
  private cacheKey(userId: string, args: RecommendArgs): { key: string | null; wanted: ModelStrategy } {
    const wanted: ModelStrategy = args.strategy === 'AUTO' ? this.autoChoice() : args.strategy;
    // lists with excludeItemIds are rare and their keys long: those are always computed
    return { key: args.excludeItemIds?.length ? null : `${args.strategy}|${wanted}|${args.limit}|${args.genre ?? ''}|${userId}`, wanted };
  }

  /**
   * A still-valid list computed earlier for this external user id, without touching the database
   * (an entry exists only for a user that exists: users are never deleted through the API).
   */
  cached(userId: string, args: RecommendArgs): RecommendationResult[] | undefined {
    const start = process.hrtime.bigint();
    const { key, wanted } = this.cacheKey(userId, args);
    const popularity = this.served.get('POPULARITY');
    if (!key || !popularity) return undefined;
    const served = this.served.get(wanted) ?? popularity;
    const hit = this.cache.get(key, userId, [served.versionId, popularity.versionId]);
    if (hit) this.metrics?.recommendationDuration.observe({ strategy: hit[0]?.strategy ?? wanted }, Number(process.hrtime.bigint() - start) / 1e9);
    return hit;
  }

  /**
   * Computes (or reuses) a list. With `withItems`, each result also carries its item's catalog row
   * (one query per computed list), so a cached list is answered later without any query at all.
   */
  async recommend(user: UserRow, args: RecommendArgs, options: { withItems?: boolean } = {}): Promise<RecommendationResult[]> {
    const hit = this.cached(user.id, args);
    if (hit) return options.withItems ? this.attachItems(hit) : hit;
    const { key, wanted } = this.cacheKey(user.id, args);
    const popularity = this.model('POPULARITY');
    const served = this.served.get(wanted) ?? popularity;
    const start = process.hrtime.bigint();
    const generation = this.cache.generation(user.id);
    const history = await this.repos.users.interactedItems(user.key);
    const versions = [served.versionId, popularity.versionId];
    const personal = wanted !== 'POPULARITY';
    const enough = args.strategy !== 'AUTO' || history.length >= this.options.minInteractions;
    const userIndex = served.userIndex(user.id);
    let out: RecommendationResult[];
    if (personal && served !== popularity && enough && userIndex >= 0 && served.model.canScore(userIndex)) {
      const items = served.model.recommend({ user: userIndex, k: args.limit, exclude: this.excluded(served, history, args), filter: this.genreFilter(served, args.genre) });
      out = items.map((s) => this.result(served, wanted, userIndex, s, []));
    } else {
      const why = personal ? [coldStartReason(history.length, this.options.minInteractions)] : [];
      // popularity may not know this user's latest history: exclusion is by what the database says
      const items = popularity.model.recommend({ user: -1, k: args.limit, exclude: this.excluded(popularity, history, args), filter: this.genreFilter(popularity, args.genre) });
      out = items.map((s) => this.result(popularity, 'POPULARITY', -1, s, why));
    }
    this.metrics?.recommendationDuration.observe({ strategy: out[0]?.strategy ?? wanted }, Number(process.hrtime.bigint() - start) / 1e9);
    if (options.withItems) await this.attachItems(out);
    if (key) this.cache.set(key, user.id, generation, versions, out);
    return out;
  }

  /** catalog rows for results that lack them (rows are fixed facts: title, year, genres) */
  private async attachItems(results: RecommendationResult[]): Promise<RecommendationResult[]> {
    const missing = results.filter((r) => !r.item);
    if (!missing.length) return results;
    const rows = new Map((await this.repos.items.byKeys(missing.map((r) => r.itemKey))).map((row) => [row.key, row]));
    for (const r of missing) r.item = rows.get(r.itemKey);
    return results;
  }

  /** these users wrote: their cached lists are no longer valid (called before their fold-in) */
  invalidateUsers(userIds: readonly string[]): void {
    this.cache.invalidateUsers(userIds);
  }

  /** the personalized model AUTO serves from */
  autoChoice(): Exclude<ModelStrategy, 'POPULARITY'> {
    if (this.options.autoStrategy !== 'BEST') return this.options.autoStrategy;
    const score = (s: 'SVD' | 'USER_CF') => this.served.get(s)?.metrics?.ndcgAtK ?? -1;
    return score('USER_CF') > score('SVD') ? 'USER_CF' : 'SVD';
  }

  /** items the user interacted with (per the database, not the model's snapshot) plus excludeItemIds */
  private excluded(served: ServedModel, history: { itemKey: string }[], args: RecommendArgs): Set<number> {
    const seen = new Set<number>();
    for (const h of history) {
      const i = served.itemIndexByKey.get(h.itemKey);
      if (i !== undefined) seen.add(i);
    }
    for (const id of args.excludeItemIds ?? []) {
      const i = served.itemIndex(id);
      if (i >= 0) seen.add(i);
    }
    return seen;
  }

  /** one list per strategy (AUTO included), for side-by-side comparison */
  async compare(user: UserRow, limit: number): Promise<{ strategy: ApiStrategy; recommendations: RecommendationResult[] }[]> {
    const lists = [];
    for (const strategy of [...MODEL_STRATEGIES, 'AUTO'] as ApiStrategy[]) {
      lists.push({ strategy, recommendations: await this.recommend(user, { strategy, limit }) });
    }
    return lists;
  }

  similarItems(itemId: string, limit: number): { itemKey: string; score: number }[] {
    for (const served of [this.served.get(this.autoChoice()), this.model('POPULARITY')]) {
      const i = served?.itemIndex(itemId) ?? -1;
      if (!served || i < 0) continue;
      const similar = served.model.similarItems(i, limit);
      if (similar.length) return similar.map((s) => ({ itemKey: served.bundle.itemKeys[s.item], score: s.score }));
    }
    return [];
  }

  popularItems(limit: number, trending: boolean, genre?: string | null): { itemKey: string; score: number }[] {
    const served = this.model('POPULARITY');
    const popularity = served.model as Model & { trending?(k: number, filter?: (i: number) => boolean): ScoredItem[] };
    const filter = this.genreFilter(served, genre);
    const items = trending && popularity.trending
      ? popularity.trending(limit, filter)
      : popularity.recommend({ user: -1, k: limit, filter, excludeSeen: false });
    return items.map((s) => ({ itemKey: served.bundle.itemKeys[s.item], score: s.score }));
  }

  private genreFilter(served: ServedModel, genre?: string | null): ((item: number) => boolean) | undefined {
    if (!genre) return undefined;
    const wanted = genre.toLowerCase();
    if (!served.genreSet.has(wanted)) {
      const list = [...new Set(served.bundle.genres.flat())].sort().join(', ');
      throw badInput('genre', `Unknown genre "${genre}". Known genres: ${list}`);
    }
    const genres = served.bundle.genres;
    return (item) => genres[item]?.some((g) => g.toLowerCase() === wanted) ?? false;
  }

  private result(served: ServedModel, strategy: ModelStrategy, user: number, s: ScoredItem, extraReasons: string[]): RecommendationResult {
    let reasons = phraseReasons(served.model.explain(user, s.item), (i) => served.title(i));
    if (!reasons.length) reasons = [`Recommended by ${strategy.replace('_', '')}`];
    return { itemKey: served.bundle.itemKeys[s.item], score: s.score, strategy, reasons: [...extraReasons, ...reasons] };
  }
}
