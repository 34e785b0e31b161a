import type { ScoredItem } from '../engine/types';
import type { ItemRow } from '../data/repositories/item.repository';
import type { UserRow } from '../data/repositories/user.repository';
import { chooseForUser, type AutoChoice, type BucketEdges } from '../engine/strategies/auto-choice';
import { bucketMetrics, historyScores, metricNumber, type BucketMetrics } from './auto-metrics';
import { popularItemsOf, similarItemsOf, type ListArgs, type ListedItem } from './item-lists';
import { CatalogIndex } from './catalog-index';
import { unavailable } from './errors';
import { candidateFilter, checkOffset, filterKey, readFilter, type ListFilter, type ListFilterArgs } from './list-filter';
import { signedHistory, type HistoryEntry } from './history';
import { userState, UserStates, withWrites, type CommittedWrite, type UserState } from './user-state';
import type { FeedbackTypeRow } from '../data/repositories/feedback-type.repository';
import { coldStartReason, phraseReasons } from './reasons';
import { RecommendationCache } from './recommendation-cache';
import type { Repositories } from './repositories';
import type { ServingMetrics } from './serving-metrics';
import type { ServedModel } from './serving-state';
import { autoStrategy, fallbackStrategy, servedStrategies, type ApiStrategy } from './strategies';
import { experimentReason, type ArmAssignment } from './experiment-arm';

export type { ListArgs, ListedItem };

export interface RecommendArgs extends ListFilterArgs {
  strategy: ApiStrategy;
  limit: number;
  /** results skipped before the first one returned (offset + limit ≤ MAX_LIST_DEPTH) */
  offset?: number | null;
  excludeItemIds?: string[] | null;
}

export interface RecommendationResult {
  itemKey: string;
  /** the item's catalog row, when asked for (answers from the cache need no query then) */
  item?: ItemRow;
  score: number;
  /** the strategy whose model produced it (AUTO resolves to one) */
  strategy: ApiStrategy;
  reasons: string[];
  /** the experiment and arm that chose the strategy, when one did (recorded with the impression) */
  experimentId?: string | null;
  arm?: string | null;
  /** the version that produced it (an experiment's arm may pin one that is not the active one) */
  modelVersionId?: string;
}

export interface RecommendationOptions {
  /** AUTO compares the served models' held-out NDCG within these history-length buckets */
  autoBuckets: BucketEdges;
  /** the models AUTO chooses among: BEST = every served one; a strategy name = that one and popularity */
  autoStrategy: ApiStrategy;
}

/**
 * Answers recommendation requests from the models in memory; never trains on the request path.
 * "Cannot score this user" is handled here, once: the answer falls back to popularity and says why.
 * AUTO is decided by chooseForUser (engine/strategies/auto-choice.ts), the same code the eval CLI's
 * `auto` row runs, from the held-out metrics stored with each served version.
 */
export class RecommendationService {
  private readonly served = new Map<ApiStrategy, ServedModel>();
  /** versions pinned by the running experiment's arms that are not their strategy's active one, by version id */
  private pinned = new Map<string, ServedModel>();
  /** the running experiment's arm for a user's AUTO requests (set by the server; memory only) */
  assignArm: (userId: string) => ArmAssignment | null = () => null;
  /** finished lists per user, valid while their models and the user's history are unchanged */
  private readonly cache = new RecommendationCache<RecommendationResult[]>();
  metrics: ServingMetrics | null = null;
  /** this replica's users and their histories, so an uncached list asks the database nothing */
  readonly users = new UserStates();

  constructor(
    private readonly repos: Repositories,
    readonly options: RecommendationOptions,
    /** this replica's picture of the catalog: hidden and deleted items, categories, publication times */
    readonly catalog: CatalogIndex = new CatalogIndex(),
  ) {}

  /** every strategy has a model to serve */
  get ready(): boolean {
    return servedStrategies().every((s) => this.served.has(s));
  }

  missing(): ApiStrategy[] {
    return servedStrategies().filter((s) => !this.served.has(s));
  }

  get(strategy: ApiStrategy): ServedModel | undefined {
    return this.served.get(strategy);
  }

  set(served: ServedModel): void {
    // users who wrote while the new version was loading are folded in on their next list, as before
    const previous = this.served.get(served.strategy);
    if (previous) for (const id of previous.staleUsers()) served.markStale(id);
    this.served.set(served.strategy, served);
    this.cache.clear(); // entries of the replaced version can never be valid again
  }

  /** the id of the version served for a strategy (null when none is, or for AUTO) */
  versionOf(strategy: ApiStrategy): string | null {
    return this.served.get(strategy)?.versionId ?? null;
  }

  /** every served model (in no particular order) */
  servedModels(): ServedModel[] {
    return [...this.served.values()];
  }

  /** the versions an experiment's arms pin (replacing those pinned before); their lists are cached apart */
  pin(models: readonly ServedModel[]): void {
    this.pinned = new Map(models.map((m) => [m.versionId, m]));
    this.cache.clear();
  }

  /** a pinned version held in memory, by id */
  pinnedVersion(versionId: string): ServedModel | undefined {
    return this.pinned.get(versionId);
  }

  /** the models that follow users, the catalog and erasures: the served ones and the pinned ones */
  private heldModels(): ServedModel[] {
    return [...this.served.values(), ...this.pinned.values()];
  }

  /** the model serving an experiment's arm: its pinned version (the active one when that is it), else the active one */
  private armModel(a: ArmAssignment): ServedModel | undefined {
    const active = this.served.get(a.strategy);
    if (!a.modelVersionId || active?.versionId === a.modelVersionId) return active;
    return this.pinned.get(a.modelVersionId) ?? active;
  }

  /** the running experiment changed: lists cached under the previous assignment go */
  experimentChanged(): void {
    this.cache.clear();
  }

  /** the catalog changed (these internal keys): every served model follows, cached lists go */
  catalogChanged(keys: readonly string[]): void {
    for (const served of this.heldModels()) served.syncCatalog(this.catalog, keys);
    this.cache.clear();
    // a deleted item took its interactions with it: histories held may name it
    if (keys.some((k) => !this.catalog.get(k))) this.users.clear();
  }

  /**
   * The user's row and signed history: from memory, or read from the database (and kept) on first
   * use; null for an unknown user (not remembered: a user created later is found then).
   */
  async userState(userId: string): Promise<UserState | null> {
    return this.users.get(userId) ?? this.readUser(userId);
  }

  /** reads the user and their history from the database now and keeps them */
  async readUser(userId: string): Promise<UserState | null> {
    return (await this.readUsers([userId])).get(userId) ?? null;
  }

  /**
   * Reads users and their histories from the database now, in two statements, and keeps them (the one
   * place that does; another replica's group of writes names up to 200). Null for an unknown id.
   */
  async readUsers(userIds: readonly string[]): Promise<Map<string, UserState | null>> {
    const out = new Map<string, UserState | null>();
    if (!userIds.length) return out;
    const mark = this.users.mark();
    const rows = await this.repos.users.byExternalIds(userIds);
    const histories = await this.repos.users.interactedItemsOf(rows.map((r) => r.key));
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of userIds) {
      const row = found.get(id);
      const state = row ? userState(row, histories.get(row.key) ?? []) : null;
      this.users.set(id, state, mark);
      out.set(id, state);
    }
    return out;
  }

  /**
   * Erasure: every served model forgets these users (their index, factors and rows, and USER_CF's
   * use of them as neighbours); every cached list goes, since others' lists may have used them.
   */
  forgetUsers(userIds: readonly string[]): void {
    this.cache.invalidateUsers(userIds);
    this.users.delete(userIds);
    for (const served of this.heldModels()) for (const id of userIds) served.forgetUser(id);
    this.cache.clear();
  }

  private model(strategy: ApiStrategy): ServedModel {
    const m = this.served.get(strategy);
    if (!m) throw unavailable(`The ${strategy} model is still being trained or loaded; retry in a few seconds.`);
    return m;
  }

  /** the running experiment's arm for this request: AUTO requests only */
  private armOf(userId: string, args: RecommendArgs): ArmAssignment | null {
    return args.strategy === autoStrategy() ? this.assignArm(userId) : null;
  }

  /** the served models AUTO may choose among */
  private autoCandidates(): ServedModel[] {
    const allowed = this.options.autoStrategy === 'BEST' ? servedStrategies() : [this.options.autoStrategy, fallbackStrategy()];
    return allowed.flatMap((s) => this.served.get(s) ?? []);
  }

  /** AUTO's decision for this user: which served model answers, and why */
  autoChoice(userId: string, historyLength: number): AutoChoice {
    const candidates = this.autoCandidates().map((s) => {
      const u = s.userIndex(userId);
      return { name: s.strategy, byHistory: historyScores(s.metrics), ndcg: metricNumber(s.metrics?.ndcgAtK), canScore: u >= 0 && s.model.canScore(u) };
    });
    return chooseForUser(candidates, historyLength, this.options.autoBuckets, fallbackStrategy());
  }

  /** what AUTO compares for a version: its held-out NDCG@K per history bucket (null where none was measured) */
  bucketMetrics(metrics: Record<string, unknown> | null): BucketMetrics[] {
    return bucketMetrics(metrics, this.options.autoBuckets);
  }

  /**
   * The cache key of a list and what it depends on (the versions, and the catalog as this replica
   * knows it), or null for lists that are always computed.
   */
  private cacheKey(userId: string, args: RecommendArgs, filter: ListFilter | null, arm: ArmAssignment | null): { key: string; versions: string[] } | null {
    // lists with excludeItemIds are rare and their keys long: those are always computed
    const popularity = this.served.get(fallbackStrategy());
    if (args.excludeItemIds?.length || !popularity) return null;
    const armModel = arm && this.armModel(arm);
    const models = arm ? [armModel ?? popularity] : args.strategy === autoStrategy() ? this.autoCandidates() : [this.served.get(args.strategy) ?? popularity];
    // an experiment's arm is part of the key: a list served for one arm is never answered for another
    const experiment = arm ? `|x${arm.experimentId}:${arm.arm}` : '';
    return {
      key: `${args.strategy}${experiment}|${args.limit}|${args.offset ?? 0}|${filterKey(filter)}|${userId}`,
      versions: [...models, popularity].map((m) => m.versionId).concat(`catalog:${this.catalog.generation}`),
    };
  }

  /**
   * A still-valid list computed earlier for this external user id, without touching the database
   * (an entry exists only for a user that exists: deleteUser drops every list of theirs on every replica).
   */
  cached(userId: string, args: RecommendArgs): RecommendationResult[] | undefined {
    const start = process.hrtime.bigint();
    const k = this.cacheKey(userId, args, readFilter(args, this.catalog), this.armOf(userId, args));
    if (!k) return undefined;
    const hit = this.cache.get(k.key, userId, k.versions);
    if (hit) this.metrics?.recommendationDuration.observe({ strategy: hit[0]?.strategy ?? args.strategy }, Number(process.hrtime.bigint() - start) / 1e9);
    return hit;
  }

  /**
   * Computes (or reuses) a list. With `withItems`, each result also carries its item's catalog row
   * (one query per computed list), so a cached list is answered later without any query at all.
   */
  async recommend(user: UserRow, args: RecommendArgs, options: { withItems?: boolean } = {}): Promise<RecommendationResult[]> {
    const hit = this.cached(user.id, args);
    if (hit) return options.withItems ? this.attachItems(hit) : hit;
    const filter = readFilter(args, this.catalog);
    const offset = checkOffset(args.offset, args.limit);
    const depth = offset + args.limit;
    const arm = this.armOf(user.id, args);
    const k = this.cacheKey(user.id, args, filter, arm);
    const fallback = fallbackStrategy();
    const popularity = this.model(fallback);
    const start = process.hrtime.bigint();
    const generation = this.cache.generation(user.id);
    const state = await this.userState(user.id);
    const history = state?.row.key === user.key ? state.history : signedHistory(await this.repos.users.interactedItems(user.key));
    let served = (arm ? this.armModel(arm) : this.served.get(args.strategy)) ?? popularity;
    this.foldStale(args.strategy === autoStrategy() && !arm ? this.autoCandidates() : [served], user.id, history);
    let why: string[] = [];
    if (arm) {
      why =
        served === popularity && arm.strategy !== fallback ? [experimentReason(arm), coldStartReason(history.length, this.options.autoBuckets.shortFrom)] : [experimentReason(arm)];
    } else if (args.strategy === autoStrategy()) {
      const choice = this.autoChoice(user.id, history.length);
      served = this.served.get(choice.strategy) ?? popularity;
      why = choice.bucket === 'none' && served === popularity ? [coldStartReason(history.length, this.options.autoBuckets.shortFrom), choice.reason] : [choice.reason];
    } else if (served !== popularity) {
      why = [coldStartReason(history.length, this.options.autoBuckets.shortFrom)];
    }
    const userIndex = served.userIndex(user.id);
    let out: RecommendationResult[];
    if (served !== popularity && userIndex >= 0 && served.model.canScore(userIndex)) {
      const items = served.model.recommend({ user: userIndex, k: depth, exclude: this.excluded(served, history, args), filter: candidateFilter(served, filter) });
      const auto = args.strategy === autoStrategy() ? why : [];
      out = items.map((s) => this.result(served, userIndex, s, auto));
      // a neighbourhood model reaches only items near the user's history: when fewer of those than
      // asked for pass the filter, popular ones that do fill the list (each says so)
      if (out.length < depth) {
        const fill = [...auto, `Only ${out.length} ${served.strategy.replace(/_/g, '')} ${out.length === 1 ? 'pick matches' : 'picks match'}: popular ones fill the list`];
        out.push(...this.popularFill(popularity, history, args, filter, depth - out.length, out, fill));
      }
      out = out.slice(offset);
    } else {
      // popularity may not know this user's latest history: exclusion is by what the database says
      const items = popularity.model
        .recommend({ user: -1, k: depth, exclude: this.excluded(popularity, history, args), filter: candidateFilter(popularity, filter) })
        .slice(offset);
      out = items.map((s) => this.result(popularity, -1, s, args.strategy === fallback ? [] : why));
    }
    this.metrics?.recommendationDuration.observe({ strategy: out[0]?.strategy ?? args.strategy }, Number(process.hrtime.bigint() - start) / 1e9);
    if (arm) {
      for (const r of out) {
        r.experimentId = arm.experimentId;
        r.arm = arm.arm;
      }
    }
    if (options.withItems) await this.attachItems(out);
    if (k) this.cache.set(k.key, user.id, generation, k.versions, out);
    return out;
  }

  /**
   * catalog rows for results that lack them (a cached list is dropped when the catalog changes):
   * from this replica's catalog in memory, from the database only for items it does not hold yet
   */
  private async attachItems(results: RecommendationResult[]): Promise<RecommendationResult[]> {
    for (const r of results) r.item ??= this.catalog.row(r.itemKey);
    const missing = results.filter((r) => !r.item);
    if (!missing.length) return results;
    const rows = new Map((await this.repos.items.byKeys(missing.map((r) => r.itemKey))).map((row) => [row.key, row]));
    for (const r of missing) r.item = rows.get(r.itemKey);
    return results;
  }

  /**
   * These users' histories changed (a write here or on another replica): their cached lists go, and
   * every personalized model folds them in before their next list from it (foldStale).
   */
  usersChanged(userIds: readonly string[]): void {
    this.cache.invalidateUsers(userIds);
    for (const served of this.heldModels()) for (const id of userIds) served.markStale(id);
  }

  /**
   * Committed writes, by external user id: the users held in memory take them (no read), their
   * cached lists go, and each personalized model folds them in before their next list.
   */
  applyWrites(byUser: ReadonlyMap<string, CommittedWrite[]>, typeOf: (kind: string) => FeedbackTypeRow | undefined): void {
    for (const [id, writes] of byUser) this.users.applyWrites(id, (state) => withWrites(state, writes, typeOf));
    this.usersChanged([...byUser.keys()]);
  }

  /** the user's latest history folded into these models, where they wrote since their last fold-in */
  foldStale(models: Iterable<ServedModel>, userId: string, history: readonly HistoryEntry[]): void {
    for (const served of models) served.foldInIfStale(userId, history);
  }

  /** up to n popular items passing the filter, none the user has seen nor already in `taken` */
  private popularFill(
    popularity: ServedModel,
    history: { itemKey: string }[],
    args: RecommendArgs,
    filter: ListFilter | null,
    n: number,
    taken: RecommendationResult[],
    reasons: string[],
  ): RecommendationResult[] {
    const exclude = this.excluded(popularity, history, args);
    for (const r of taken) {
      const i = popularity.itemIndexByKey.get(r.itemKey);
      if (i !== undefined) exclude.add(i);
    }
    const items = popularity.model.recommend({ user: -1, k: n, exclude, filter: candidateFilter(popularity, filter) });
    return items.map((s) => this.result(popularity, -1, s, reasons));
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
    for (const strategy of [...servedStrategies(), autoStrategy()]) {
      lists.push({ strategy, recommendations: await this.recommend(user, { strategy, limit }) });
    }
    return lists;
  }

  /** items like this one (item-lists.ts says in which order the models are asked) */
  similarItems(itemId: string, args: ListArgs): ListedItem[] {
    return similarItemsOf([...this.served.values()], this.model(fallbackStrategy()), this.catalog, itemId, args);
  }

  popularItems(args: ListArgs & { trending: boolean }): ListedItem[] {
    return popularItemsOf(this.model(fallbackStrategy()), this.catalog, args);
  }

  private result(served: ServedModel, user: number, s: ScoredItem, extraReasons: string[]): RecommendationResult {
    let reasons = phraseReasons(served.model.explain(user, s.item), (i) => served.title(i));
    if (!reasons.length) reasons = [`Recommended by ${served.strategy.replace(/_/g, '')}`];
    return { itemKey: served.bundle.itemKeys[s.item], score: s.score, strategy: served.strategy, reasons: [...extraReasons, ...reasons], modelVersionId: served.versionId };
  }
}
