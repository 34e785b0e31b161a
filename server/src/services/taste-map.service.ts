import { principalMap, projectOnMap, type PrincipalMap } from '../engine/analysis/principal-map';
import { findStrategy } from '../engine/strategies/registry';
import { hasFactorSpace } from '../engine/types';
import type { UserRow } from '../data/repositories/user.repository';
import { invalidInput, unavailable } from './errors';
import type { RecommendationService } from './recommendation.service';
import type { Repositories } from './repositories';
import type { ServedModel } from './serving-state';
import { servedStrategies, type ApiStrategy } from './strategies';
import { signedHistory } from './history';

/** most items a map may ask for (the demo catalog has about 1,100; ml-latest-small 9,700) */
export const MAX_TASTE_MAP_ITEMS = 2000;
/** the user's recommendations the map always shows */
const RECOMMENDED = 10;

export interface TasteMapPoint {
  itemKey: string;
  x: number;
  y: number;
  /** training interactions of the item in this version */
  popularity: number;
  rated: boolean;
  recommended: boolean;
}

export interface TasteMapResult {
  strategy: ApiStrategy;
  modelVersionId: string;
  explainedVariance: number[];
  items: TasteMapPoint[];
  user: { x: number; y: number } | null;
}

/** one version's map: everything that depends on the item factors alone */
interface VersionMap {
  versionId: string;
  map: PrincipalMap;
  popularity: Int32Array;
  /** item indices, most interactions first (ties: lower index) */
  byPopularity: Int32Array;
}

/**
 * The taste map of a factor model: the catalog on the top two principal components of the served
 * version's item factors, the user's position and which items they rated and are recommended.
 * The item part is computed once per served version (a user's fold-in changes only that user's
 * vector, projected per request: k multiplications).
 */
export class TasteMapService {
  private readonly maps = new Map<ApiStrategy, VersionMap>();

  constructor(
    private readonly recommendations: RecommendationService,
    private readonly repos: Repositories,
  ) {}

  /** the served strategies whose model has a factor space (what a map can be drawn of) */
  mappable(): ApiStrategy[] {
    return servedStrategies().filter((s) => {
      const served = this.recommendations.get(s);
      return served !== undefined && hasFactorSpace(served.model);
    });
  }

  async map(strategy: ApiStrategy, user: UserRow | null, limit: number): Promise<TasteMapResult> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TASTE_MAP_ITEMS) {
      throw invalidInput('limit', `"limit" must be between 1 and ${MAX_TASTE_MAP_ITEMS}, got ${limit}`);
    }
    const served = this.served(strategy);
    const v = this.versionMap(served);
    const chosen = new Map<number, TasteMapPoint>();
    const point = (i: number): TasteMapPoint => {
      let p = chosen.get(i);
      if (!p) {
        p = { itemKey: served.bundle.itemKeys[i], x: v.map.coords[2 * i], y: v.map.coords[2 * i + 1], popularity: v.popularity[i], rated: false, recommended: false };
        chosen.set(i, p);
      }
      return p;
    };
    for (let r = 0; r < Math.min(limit, v.byPopularity.length); r++) point(v.byPopularity[r]);
    let at: { x: number; y: number } | null = null;
    if (user) {
      // items newer than the version have no position; the history's order is the database's whim:
      // by index, so the same map is always listed the same way
      const history = signedHistory(await this.repos.users.interactedItems(user.key));
      served.foldInIfStale(user.id, history);
      const rated = history
        .map((h) => served.itemIndexByKey.get(h.itemKey))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => a - b);
      for (const i of rated) point(i).rated = true;
      for (const r of await this.recommendations.recommend(user, { strategy, limit: RECOMMENDED })) {
        const i = served.itemIndexByKey.get(r.itemKey);
        if (i !== undefined) point(i).recommended = true;
      }
      // the latest model: a fold-in since the version was loaded moved this user, not the items
      const model = served.model;
      const index = served.userIndex(user.id);
      const vector = index >= 0 && hasFactorSpace(model) ? model.factorSpace.userVector(index) : null;
      if (vector) at = projectOnMap(v.map, vector);
    }
    return { strategy, modelVersionId: v.versionId, explainedVariance: [...v.map.explainedVariance], items: [...chosen.values()], user: at };
  }

  private served(strategy: ApiStrategy): ServedModel {
    const entry = findStrategy(strategy);
    const served = entry && !entry.meta ? this.recommendations.get(strategy) : undefined;
    if (entry && !entry.meta && !served) throw unavailable(`The ${strategy} model is still being trained or loaded; retry in a few seconds.`);
    if (!served || !hasFactorSpace(served.model)) {
      const mappable = this.mappable();
      const which = mappable.length ? `the served models with one: ${mappable.join(', ')}` : 'no served model has one yet';
      throw invalidInput('strategy', `${strategy} has no latent factor space to map; a taste map needs a factor model (${which}).`);
    }
    return served;
  }

  /** the item part of the map for the served version, computed when a new version is served */
  private versionMap(served: ServedModel): VersionMap {
    const cached = this.maps.get(served.strategy);
    if (cached?.versionId === served.versionId) return cached;
    const space = (served.model as Required<typeof served.model>).factorSpace;
    const n = served.model.nItems;
    const map = principalMap(space.itemVectors(), n, space.k);
    const popularity = space.itemInteractions();
    const byPopularity = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => popularity[b] - popularity[a] || a - b);
    const v = { versionId: served.versionId, map, popularity, byPopularity };
    this.maps.set(served.strategy, v);
    return v;
  }
}
