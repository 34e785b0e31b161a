import type { Model } from '../engine/types';
import type { ModelBundle } from '../engine/model-bundle';
import type { ApiStrategy } from './strategies';

/**
 * One strategy's model as served: the model, the vocabularies it was trained with (plus users
 * folded in since), and catalog facts by its item indices. `model` is replaced on freshness
 * writes (fold-in returns a new model); everything else is fixed for the version.
 */
export class ServedModel {
  readonly itemIndexByKey: Map<string, number>;
  readonly genreSet: Set<string>;

  constructor(
    readonly strategy: ApiStrategy,
    readonly versionId: string,
    public model: Model,
    readonly bundle: Omit<ModelBundle, 'model'>,
    /** the version's offline metrics (AUTO picks the personalized model that measured best) */
    readonly metrics: Record<string, unknown> | null = null,
  ) {
    this.itemIndexByKey = new Map(bundle.itemKeys.map((k, i) => [k, i]));
    this.genreSet = new Set(bundle.genres.flat().map((g) => g.toLowerCase()));
  }

  userIndex(externalId: string): number {
    return this.bundle.users.indexOf(externalId);
  }

  itemIndex(externalId: string): number {
    return this.bundle.items.indexOf(externalId);
  }

  title(i: number): string {
    return this.bundle.titles[i] ?? `item ${this.bundle.items.idOf(i)}`;
  }
}
