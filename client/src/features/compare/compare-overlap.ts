/**
 * Pure helpers for the compare page: which items several strategies agree on, and how well each
 * list matches the categories the user likes.
 */

export interface ListItem {
  id: string;
  categories: readonly string[];
}

export interface RatedItem {
  rating: number;
  categories: readonly string[];
}

/** item id → number of lists it appears in */
export function countAcrossLists(lists: readonly (readonly ListItem[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) {
    for (const id of new Set(list.map((i) => i.id))) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The user's favourite categories: counted over ratings of 4★ and up (all ratings when there are
 * none that high), most frequent first, at most `top`.
 */
export function tasteCategories(ratings: readonly RatedItem[], top = 5): string[] {
  const liked = ratings.filter((r) => r.rating >= 4);
  const source = liked.length ? liked : ratings;
  const counts = new Map<string, number>();
  for (const r of source) for (const g of r.categories) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([g]) => g);
}

/** share (0–1) of the list's items having at least one of the taste categories; null for an empty list or no taste */
export function categoryOverlap(list: readonly ListItem[], taste: readonly string[]): number | null {
  if (!list.length || !taste.length) return null;
  const set = new Set(taste);
  return list.filter((i) => i.categories.some((g) => set.has(g))).length / list.length;
}
