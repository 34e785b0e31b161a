import type { Model, ScoredItem } from '../engine/types';
import type { UserRow } from '../data/repositories/user.repository';
import type { Metrics } from '../http/metrics';
import type { Logger } from '../logger';
import { badInput, unavailable } from '../graphql/errors';
import { coldStartReason, phraseReasons } from './reasons';
import type { Repositories } from './repositories';
import type { ServingState } from './serving-state';
import { MODEL_STRATEGIES, type ApiStrategy, type ModelStrategy } from './strategy-names';

export interface RecommendArgs {
  strategy: ApiStrategy;
  limit: number;
  excludeItemIds?: string[] | null;
  genre?: string | null;
}

export interface RecommendationResult {
  itemKey: string;
  score: number;
  strategy: ModelStrategy;
  reasons: string[];
}

export interface RecommendationOptions {
  /** AUTO personalizes from this many interactions on */
  minInteractions: number;
  /** the personalized strategy AUTO uses */
  autoStrategy: Exclude<ModelStrategy, 'POPULARITY'>;
}

/**
 * Answers recommendation requests from the models in memory; never trains on the request path.
 * "Cannot score this user" is handled here, once: the answer falls back to popularity and says why.
 */
export class RecommendationService {
  private state: ServingState | null = null;
  metrics: Metrics | null = null;

  constructor(
    private readonly repos: Repositories,
    readonly options: RecommendationOptions,
    private readonly logger: Logger,
  ) {}

  get ready(): boolean {
    return this.state !== null;
  }

  get current(): ServingState {
    if (!this.state) throw unavailable('Models are still loading; retry in a few seconds.');
    return this.state;
  }

  setState(state: ServingState): void {
    this.state = state;
  }

  async recommend(user: UserRow, args: RecommendArgs): Promise<RecommendationResult[]> {
    const state = this.current;
    const history = await this.repos.users.interactedItems(user.key);
    const seen = new Set<number>();
    for (const h of history) {
      const i = state.itemIndexByKey.get(h.itemKey);
      if (i !== undefined) seen.add(i);
    }
    for (const id of args.excludeItemIds ?? []) {
      const i = state.itemIndex(id);
      if (i >= 0) seen.add(i);
    }
    const filter = this.genreFilter(state, args.genre);
    const userIndex = state.userIndex(user.id);
    const wanted: ModelStrategy = args.strategy === 'AUTO' ? this.options.autoStrategy : args.strategy;
    const personal = wanted !== 'POPULARITY';
    const enough = args.strategy !== 'AUTO' || history.length >= this.options.minInteractions;
    const model = state.model(wanted);
    const start = process.hrtime.bigint();
    let out: RecommendationResult[];
    if (personal && enough && userIndex >= 0 && model.canScore(userIndex)) {
      const items = model.recommend({ user: userIndex, k: args.limit, exclude: seen, filter });
      out = items.map((s) => this.result(state, model, wanted, userIndex, s, []));
    } else {
      const popularity = state.model('POPULARITY');
      const why = personal ? [coldStartReason(history.length, this.options.minInteractions)] : [];
      // popularity knows nothing of this user's history since training: exclusion is by `seen`
      const items = popularity.recommend({ user: -1, k: args.limit, exclude: seen, filter });
      out = items.map((s) => this.result(state, popularity, 'POPULARITY', -1, s, why));
    }
    this.metrics?.recommendationDuration.observe({ strategy: out[0]?.strategy ?? wanted }, Number(process.hrtime.bigint() - start) / 1e9);
    return out;
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
    const state = this.current;
    const i = state.itemIndex(itemId);
    if (i < 0) return [];
    const model = state.models.get(this.options.autoStrategy) ?? state.model('POPULARITY');
    let similar = model.similarItems(i, limit);
    if (!similar.length) similar = state.model('POPULARITY').similarItems(i, limit);
    return similar.map((s) => ({ itemKey: state.catalog.itemKeys[s.item], score: s.score }));
  }

  popularItems(limit: number, trending: boolean, genre?: string | null): { itemKey: string; score: number }[] {
    const state = this.current;
    const popularity = state.model('POPULARITY') as Model & { trending?(k: number, filter?: (i: number) => boolean): ScoredItem[] };
    const filter = this.genreFilter(state, genre);
    const items = trending && popularity.trending
      ? popularity.trending(limit, filter)
      : popularity.recommend({ user: -1, k: limit, filter, excludeSeen: false });
    return items.map((s) => ({ itemKey: state.catalog.itemKeys[s.item], score: s.score }));
  }

  private genreFilter(state: ServingState, genre?: string | null): ((item: number) => boolean) | undefined {
    if (!genre) return undefined;
    const wanted = genre.toLowerCase();
    const known = new Set(state.catalog.genres.flat().map((g) => g.toLowerCase()));
    if (!known.has(wanted)) {
      const list = [...new Set(state.catalog.genres.flat())].sort().join(', ');
      throw badInput('genre', `Unknown genre "${genre}". Known genres: ${list}`);
    }
    const genres = state.catalog.genres;
    return (item) => genres[item]?.some((g) => g.toLowerCase() === wanted) ?? false;
  }

  private result(
    state: ServingState,
    model: Model,
    strategy: ModelStrategy,
    user: number,
    s: ScoredItem,
    extraReasons: string[],
  ): RecommendationResult {
    const title = (i: number) => state.catalog.titles[i] ?? `item ${state.dataset.items.idOf(i)}`;
    let reasons = phraseReasons(model.explain(user, s.item), title);
    if (!reasons.length) reasons = [`Recommended by ${strategy.replace('_', '')}`];
    return { itemKey: state.catalog.itemKeys[s.item], score: s.score, strategy, reasons: [...extraReasons, ...reasons] };
  }
}
