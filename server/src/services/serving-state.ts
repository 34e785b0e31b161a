import type { Dataset } from '../engine/dataset/dataset';
import type { Model } from '../engine/types';
import type { CatalogSnapshot } from '../training/load-dataset';
import type { ModelStrategy } from './strategy-names';

/**
 * Everything serving reads, swapped as a whole: the dataset the models were fit on, the catalog
 * by dense index, and the trained model of each strategy.
 */
export class ServingState {
  readonly itemIndexByKey: Map<string, number>;

  constructor(
    readonly dataset: Dataset,
    readonly catalog: CatalogSnapshot,
    readonly models: ReadonlyMap<ModelStrategy, Model>,
  ) {
    this.itemIndexByKey = new Map(catalog.itemKeys.map((k, i) => [k, i]));
  }

  model(strategy: ModelStrategy): Model {
    const m = this.models.get(strategy);
    if (!m) throw new Error(`no ${strategy} model loaded`);
    return m;
  }

  userIndex(externalId: string): number {
    return this.dataset.users.indexOf(externalId);
  }

  itemIndex(externalId: string): number {
    return this.dataset.items.indexOf(externalId);
  }

  withModel(strategy: ModelStrategy, model: Model): ServingState {
    const models = new Map(this.models);
    models.set(strategy, model);
    return new ServingState(this.dataset, this.catalog, models);
  }
}
