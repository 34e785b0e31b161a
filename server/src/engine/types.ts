/**
 * The engine's contracts. The engine is a pure library: typed arrays and plain objects in and out,
 * no database, GraphQL, HTTP or file system. Everything works on dense indices; external ids are
 * mapped once by the dataset's vocabularies (see dataset/vocabulary.ts).
 *
 * Untrained configuration (Strategy) and trained model (Model) are separate types, so that training
 * and serving are apart in the types themselves.
 */
import type { Dataset } from './dataset/dataset';

/**
 * A registry name: lower-case, no underscore ('usercf', 'itemcf'), as stored with model versions.
 * The registry (strategies/registry.ts) is the one list of them.
 */
export type StrategyName = string;

export interface FitProgress {
  /** 0..1 */
  progress: number;
  stage: string;
  epoch?: number;
  loss?: number;
}

export interface FitOptions {
  seed?: number;
  onProgress?: (p: FitProgress) => void;
  /** Aborting rejects the fit with an AbortError (name === 'AbortError'). */
  signal?: AbortSignal;
}

export interface ScoredItem {
  /** dense item index */
  item: number;
  score: number;
  /** which strategy produced this item, when a composite model (AUTO) mixes several */
  source?: StrategyName;
}

export interface RecommendRequest {
  /** dense user index (may be -1 / unknown for models that can score anonymous users via foldIn) */
  user: number;
  k: number;
  /** item indices never to return (in addition to the items the user already interacted with) */
  exclude?: ArrayLike<number> | Set<number>;
  /** when given, only items for which it returns true are candidates (genre filter, etc.) */
  filter?: (item: number) => boolean;
  /** default true: items in the user's training history are never returned */
  excludeSeen?: boolean;
}

/** One reason a model gives for a recommendation, structured so callers can phrase it. */
export type Explanation =
  | { kind: 'because-you-rated'; items: { item: number; rating: number; weight: number }[] }
  | { kind: 'similar-users'; neighbours: number; items: { item: number; weight: number }[] }
  | { kind: 'popular'; interactions: number; trending: boolean; averageRating?: number }
  | { kind: 'latent-taste'; items: { item: number; weight: number }[] }
  /** item-to-item neighbours: the history items this one is a close neighbour of */
  | { kind: 'item-neighbours'; items: { item: number; rating: number; weight: number }[] };

/**
 * A user's interactions given to foldIn: dense item indices with a rating (NaN if implicit) and weight,
 * aggregated per item as a Dataset's entries are (see dataset.ts). A weight may be negative: an item
 * without a rating and with a negative weight is a negative entry (disliked), seen but not wanted.
 */
export interface UserInteractions {
  items: Int32Array | number[];
  ratings: Float32Array | number[];
  /** default 1 each; negative for a negative entry */
  weights?: Float32Array | number[];
}

/**
 * The latent space of a factor model (SVD, ALS): what a map of it needs, read-only. Non-factor
 * models lack it; `hasFactorSpace` says which is which.
 */
export interface FactorSpace {
  /** factors per vector */
  readonly k: number;
  /** every item's factors, nItems × k row-major (the model's own array: do not write to it) */
  itemVectors(): Float32Array;
  /** the user's factors (after fold-in, if any), or null for a user the model cannot score */
  userVector(user: number): Float32Array | null;
  /** training interactions per item (what the model learned each item from) */
  itemInteractions(): Int32Array;
}

/** A trained, immutable, ready-to-serve model. */
export interface Model {
  readonly strategy: StrategyName;
  readonly params: Readonly<Record<string, unknown>>;
  readonly nUsers: number;
  readonly nItems: number;
  /** true when the model can produce a personalized ranking for this user */
  canScore(user: number): boolean;
  /** best first, at most k, never excluded or seen items */
  recommend(req: RecommendRequest): ScoredItem[];
  /** predicted rating on the dataset's scale, or NaN when impossible */
  predict?(user: number, item: number): number;
  explain(user: number, item: number): Explanation | null;
  similarItems(item: number, k: number): ScoredItem[];
  /**
   * Returns a new model whose view of `user` reflects the given full interaction history,
   * without retraining (SVD: least-squares fold-in; UserCF: recompute that user's neighbours).
   * user may be >= nUsers for a user new since training (the returned model then has nUsers = user + 1).
   */
  foldIn?(user: number, interactions: UserInteractions): Model;
  /**
   * Erasure: a new model that serves as if `user` had never been seen: no row, factors or
   * neighbours of theirs are used or kept (canScore is false for personalized models; popularity
   * ranks them as an anonymous user), no other user's neighbours include them, and serialize() no
   * longer holds their row. Aggregates learned from their data at training time (item factors, item
   * neighbour tables, popularity counts, item biases) remain until the next training; each strategy's
   * forget() comment says exactly what. A later foldIn(user, …) starts them afresh.
   */
  forget?(user: number): Model;
  /**
   * The catalog grew after training: a model that accepts item indices in [this.nItems, nItems)
   * everywhere (foldIn histories, exclude, filter, explain, similarItems) and reports nItems.
   * What it can do with such items depends on the strategy (popularity and item-CF rank them from
   * the folded-in users who interacted with them; factor models and user-CF never score them until
   * retrained). nItems below the current one is a RangeError.
   */
  withItems?(nItems: number): Model;
  /** bytes for the model store; the registry's deserialize(strategy, bytes) restores an identical model */
  serialize(): Uint8Array;
  /** present on factor models: their latent space (the taste map draws it) */
  readonly factorSpace?: FactorSpace;
}

export function hasFactorSpace(model: Model): model is Model & { factorSpace: FactorSpace } {
  return model.factorSpace !== undefined;
}

/** An untrained strategy: name + validated typed parameters + fit. */
export interface Strategy<P = Record<string, unknown>> {
  readonly name: StrategyName;
  readonly params: Readonly<P>;
  fit(dataset: Dataset, options?: FitOptions): Promise<Model>;
}

/** Thrown for invalid strategy parameters; message names the parameter and the allowed range. */
export class ParamError extends Error {
  constructor(
    public readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}
