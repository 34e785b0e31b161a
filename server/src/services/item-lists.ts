import type { Model, ScoredItem } from '../engine/types';
import { findStrategy } from '../engine/strategies/registry';
import { metricNumber } from './auto-metrics';
import type { CatalogIndex } from './catalog-index';
import { candidateFilter, checkOffset, readFilter, type ListFilterArgs } from './list-filter';
import type { ServedModel } from './serving-state';
import { similarWhere } from './similar-where';
import type { ApiStrategy } from './strategies';

/** what popularItems and similarItems take besides the item or mode */
export interface ListArgs extends ListFilterArgs {
  limit: number;
  offset?: number | null;
}

/** an item of a similar or popular list, and the strategy whose model produced it */
export interface ListedItem {
  itemKey: string;
  score: number;
  strategy: ApiStrategy;
}

/**
 * Items like this one. Item-to-item models first (their neighbours are what "people who liked this
 * also liked" means), then the other served models by measured NDCG, popularity's co-occurrence last.
 * Each model's list is filtered before its top-k is taken; when one model has fewer such neighbours
 * than asked (ITEM_CF keeps a fixed number per item), the next models fill the rest.
 */
export function similarItemsOf(served: readonly ServedModel[], fallback: ServedModel, catalog: CatalogIndex, itemId: string, args: ListArgs): ListedItem[] {
  const filter = readFilter(args, catalog);
  const offset = checkOffset(args.offset, args.limit);
  const depth = offset + args.limit;
  const rank = (s: ServedModel) => (findStrategy(s.strategy)?.itemToItem ? 2 : 0) + (metricNumber(s.metrics?.ndcgAtK) ?? 0);
  const order = served.filter((s) => s !== fallback).sort((a, b) => rank(b) - rank(a));
  const out: ListedItem[] = [];
  const taken = new Set<string>();
  for (const model of [...order, fallback]) {
    const i = model.itemIndex(itemId);
    if (i < 0) continue;
    const keep = candidateFilter(model, filter);
    for (const s of similarWhere(model.model, i, depth - out.length, (j) => keep(j) && !taken.has(model.bundle.itemKeys[j]))) {
      const itemKey = model.bundle.itemKeys[s.item];
      taken.add(itemKey);
      out.push({ itemKey, score: s.score, strategy: model.strategy });
    }
    if (out.length >= depth) break;
  }
  return out.slice(offset, depth);
}

/** the most popular items, or trending ones (recent, time-decayed), filtered before the top-k is taken */
export function popularItemsOf(served: ServedModel, catalog: CatalogIndex, args: ListArgs & { trending: boolean }): ListedItem[] {
  const popularity = served.model as Model & { trending?(k: number, filter?: (i: number) => boolean): ScoredItem[] };
  const filter = candidateFilter(served, readFilter(args, catalog));
  const offset = checkOffset(args.offset, args.limit);
  const depth = offset + args.limit;
  const items = args.trending && popularity.trending ? popularity.trending(depth, filter) : popularity.recommend({ user: -1, k: depth, filter, excludeSeen: false });
  return items.slice(offset).map((s) => ({ itemKey: served.bundle.itemKeys[s.item], score: s.score, strategy: served.strategy }));
}
