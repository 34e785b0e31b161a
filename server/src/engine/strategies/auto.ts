/**
 * AUTO: a personalized model for users with enough history, popularity for everyone else.
 * This is the one place that decides "cannot score this user → popularity", so individual
 * strategies never need their own fallback. Each recommended item says which model produced it.
 */
import type { Dataset } from '../dataset/dataset';
import { ParamError, type Explanation, type FitOptions, type Model, type RecommendRequest, type ScoredItem, type Strategy, type StrategyName, type UserInteractions } from '../types';
import { decodeArtifact, encodeArtifact } from '../util/binary';
import { deserializePopularity, PopularityModel, PopularityStrategy } from './popularity';
import { createStrategy, deserializeModel } from './registry';
import { checkKnownParams, enumParam, numberParam, throwIfAborted } from './shared';

export type PersonalizedName = 'svd' | 'usercf' | 'als';
export interface AutoParams {
  minInteractions: number;
  personalized: PersonalizedName;
  /** parameters of the personalized strategy (validated by it) */
  personalizedParams: Record<string, unknown>;
  /** parameters of the popularity fallback */
  popularityParams: Record<string, unknown>;
}

const NAME = 'auto';
const PARAMS = ['minInteractions', 'personalized', 'personalizedParams', 'popularityParams'] as const;

function objectParam(params: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = params[name];
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ParamError(name, `${NAME}: '${name}' must be an object of parameters, got ${JSON.stringify(v)}`);
  }
  return v as Record<string, unknown>;
}

export class AutoStrategy implements Strategy<AutoParams> {
  readonly name = 'auto' as const;
  readonly params: Readonly<AutoParams>;

  constructor(params: Partial<AutoParams> = {}) {
    const p = params as Record<string, unknown>;
    checkKnownParams(NAME, p, PARAMS);
    this.params = Object.freeze({
      minInteractions: numberParam(NAME, p, 'minInteractions', 5, 0, 1e9, true),
      personalized: enumParam<PersonalizedName>(NAME, p, 'personalized', 'svd', ['svd', 'usercf', 'als']),
      personalizedParams: objectParam(p, 'personalizedParams'),
      popularityParams: objectParam(p, 'popularityParams'),
    });
    // fail now, not after a long fit, when the nested parameters are wrong
    createStrategy(this.params.personalized, this.params.personalizedParams);
    new PopularityStrategy(this.params.popularityParams);
  }

  async fit(d: Dataset, options: FitOptions = {}): Promise<Model> {
    throwIfAborted(options.signal);
    const onProgress = options.onProgress;
    const popularity = (await new PopularityStrategy(this.params.popularityParams).fit(d, { ...options, onProgress: undefined })) as PopularityModel;
    onProgress?.({ progress: 0.05, stage: 'popularity' });
    const personalized = await createStrategy(this.params.personalized, this.params.personalizedParams).fit(d, {
      ...options,
      onProgress: onProgress && ((p) => onProgress({ ...p, progress: 0.05 + 0.95 * p.progress, stage: `${this.params.personalized}: ${p.stage}` })),
    });
    return new AutoModel(this.params, popularity, personalized);
  }
}

export class AutoModel implements Model {
  readonly strategy = 'auto' as const;
  readonly nUsers: number;
  readonly nItems: number;

  constructor(readonly params: Readonly<AutoParams>, readonly popularity: PopularityModel, readonly personalized: Model) {
    this.nUsers = Math.max(popularity.nUsers, personalized.nUsers);
    this.nItems = popularity.nItems;
  }

  /** popularity answers for anyone */
  canScore(_user: number): boolean {
    return true;
  }

  /** the model that answers for this user: personalized once the user has enough history */
  sourceFor(user: number): StrategyName {
    const enough = this.popularity.historyLength(user) >= this.params.minInteractions;
    return enough && this.personalized.canScore(user) ? this.personalized.strategy : 'popularity';
  }

  private modelFor(user: number): Model {
    return this.sourceFor(user) === 'popularity' ? this.popularity : this.personalized;
  }

  recommend(req: RecommendRequest): ScoredItem[] {
    const model = this.modelFor(req.user);
    const source = model.strategy;
    return model.recommend(req).map((s) => ({ item: s.item, score: s.score, source }));
  }

  predict(user: number, item: number): number {
    const m = this.modelFor(user);
    const p = m.predict ? m.predict(user, item) : NaN;
    return p === p ? p : this.popularity.predict(user, item);
  }

  explain(user: number, item: number): Explanation | null {
    return this.modelFor(user).explain(user, item) ?? this.popularity.explain(user, item);
  }

  similarItems(item: number, k: number): ScoredItem[] {
    const own = this.personalized.similarItems(item, k);
    return own.length ? own : this.popularity.similarItems(item, k);
  }

  foldIn(user: number, interactions: UserInteractions): Model {
    const popularity = this.popularity.foldIn(user, interactions) as PopularityModel;
    const personalized = this.personalized.foldIn ? this.personalized.foldIn(user, interactions) : this.personalized;
    return new AutoModel(this.params, popularity, personalized);
  }

  serialize(): Uint8Array {
    return encodeArtifact({ strategy: NAME, params: this.params }, {
      popularity: this.popularity.serialize(),
      personalized: this.personalized.serialize(),
    });
  }
}

export function deserializeAuto(bytes: Uint8Array): AutoModel {
  const { meta, arrays } = decodeArtifact<{ strategy: string; params: AutoParams }>(bytes);
  if (meta.strategy !== NAME) throw new Error(`not an auto artifact: ${meta.strategy}`);
  const params = new AutoStrategy(meta.params).params;
  const popularity = deserializePopularity(arrays.popularity as Uint8Array);
  const personalized = deserializeModel(arrays.personalized as Uint8Array);
  return new AutoModel(params, popularity, personalized);
}
