import type { Model, ScoredItem } from '../engine/types';

/**
 * A model's similar items that pass `keep`, best first, at most k. Model.similarItems has no filter
 * of its own: ask for a few more than k, and for every item when too many of those were filtered out
 * (a full ranking costs about what the one scan of the items each similarItems call makes anyway).
 */
export function similarWhere(model: Model, item: number, k: number, keep: (item: number) => boolean): ScoredItem[] {
  if (k <= 0) return [];
  let ask = Math.min(model.nItems, 2 * k + 20);
  for (;;) {
    const all = model.similarItems(item, ask);
    const kept = all.filter((s) => keep(s.item));
    if (kept.length >= k || all.length < ask || ask >= model.nItems) return kept.slice(0, k);
    ask = model.nItems;
  }
}
