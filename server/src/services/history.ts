import type { HistoryRow } from '../data/repositories/user.repository';
import { RATING_KIND, signedWeight } from '../engine/dataset/feedback';

/** one item of a user's history as the models see it (the same aggregation training uses) */
export interface HistoryEntry {
  itemKey: string;
  /** the explicit rating, or null when the user only has implicit events on the item */
  rating: number | null;
  /** signed confidence: a rating counts 1, each event its type's weight × value, negative types subtract */
  weight: number;
}

/**
 * A user's per-kind rows folded into one entry per item, exactly as the training dataset aggregates
 * events (engine/dataset: DatasetBuilder). Items with only neutral (or undeclared) events are left
 * out: they are stored and counted, not learned from, and do not hide the item from the user's lists.
 */
export function signedHistory(rows: readonly HistoryRow[]): HistoryEntry[] {
  const byItem = new Map<string, HistoryEntry>();
  for (const r of rows) {
    let w: number | null;
    let rating: number | null = null;
    if (r.kind === RATING_KIND) {
      rating = r.value;
      w = 1;
    } else {
      w = r.typeWeight === null || r.polarity === null ? null : signedWeight({ name: r.kind, weight: r.typeWeight, polarity: r.polarity }, r.value);
    }
    if (w === null) continue;
    const e = byItem.get(r.itemKey);
    if (e) {
      e.weight += w;
      if (rating !== null) e.rating = rating;
    } else {
      byItem.set(r.itemKey, { itemKey: r.itemKey, rating, weight: w });
    }
  }
  return [...byItem.values()];
}
