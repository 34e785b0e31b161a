import type { CatalogIndex } from './catalog-index';
import { invalidInput } from './errors';
import type { ServedModel } from './serving-state';

export type CategoryMatch = 'ANY' | 'ALL';

/** the business filters every list takes (recommendations, popularItems, similarItems) */
export interface ListFilterArgs {
  categories?: readonly string[] | null;
  categoryMatch?: CategoryMatch | null;
  publishedAfter?: Date | null;
  /** deprecated alias of categories: [genre] */
  genre?: string | null;
}

/** a checked filter: lower-case categories (sorted, once each), a publication bound in epoch ms */
export interface ListFilter {
  categories: string[];
  match: CategoryMatch;
  publishedAfter: number | null;
}

/** how deep a list can be paged: offset + limit */
export const MAX_LIST_DEPTH = 500;
const MAX_FILTER_CATEGORIES = 50;

/** offset checked against the depth bound (limit is checked by the caller: 1–100) */
export function checkOffset(offset: number | null | undefined, limit: number): number {
  const o = offset ?? 0;
  if (!Number.isInteger(o) || o < 0) throw invalidInput('offset', `"offset" must be a whole number ≥ 0, got ${o}`);
  if (o + limit > MAX_LIST_DEPTH) {
    throw invalidInput('offset', `"offset" + "limit" may be at most ${MAX_LIST_DEPTH} (lists are ranked at most that deep), got ${o} + ${limit} = ${o + limit}`);
  }
  return o;
}

/**
 * The filter in canonical form, or null when there is none. An unknown category is refused with
 * the known ones listed (as an unknown genre always was), under the argument's own name.
 */
export function readFilter(args: ListFilterArgs, catalog: CatalogIndex): ListFilter | null {
  const field = args.genre != null ? 'genre' : 'categories';
  if (args.genre != null && args.categories != null) {
    throw invalidInput('genre', '"genre" is the deprecated alias of "categories": give one of them, not both');
  }
  const given = args.genre != null ? [args.genre] : (args.categories ?? []);
  if (given.length > MAX_FILTER_CATEGORIES) throw invalidInput(field, `"${field}" may hold at most ${MAX_FILTER_CATEGORIES} categories, got ${given.length}`);
  const lower = [...new Set(given.map((c) => c.toLowerCase()))].sort();
  for (const [n, c] of lower.entries()) {
    if (!catalog.hasCategory(c)) {
      const name = args.genre != null ? 'genre' : 'category';
      const original = given.find((g) => g.toLowerCase() === c) ?? c;
      throw invalidInput(
        field,
        `Unknown ${name} "${original.length > 100 ? `${original.slice(0, 100)}…` : original}"${lower.length > 1 ? ` (entry ${n + 1})` : ''}. Known ${name === 'genre' ? 'genres' : 'categories'}: ${catalog.describeCategories()}`,
      );
    }
  }
  let publishedAfter: number | null = null;
  if (args.publishedAfter != null) {
    publishedAfter = args.publishedAfter.getTime();
    if (!Number.isFinite(publishedAfter)) throw invalidInput('publishedAfter', '"publishedAfter" is not a valid date-time');
  }
  if (!lower.length && publishedAfter === null) return null;
  return { categories: lower, match: args.categoryMatch ?? 'ANY', publishedAfter };
}

/** the filter as part of a cache key */
export function filterKey(f: ListFilter | null): string {
  return f ? `${f.match}:${JSON.stringify(f.categories)}:${f.publishedAfter ?? ''}` : '';
}

/**
 * The candidate test a model applies before its top-k selection: never hidden or deleted items,
 * and the filter's terms. Published strictly after `publishedAfter`; an item without a publication
 * time does not pass a publishedAfter filter.
 */
export function candidateFilter(served: ServedModel, f: ListFilter | null): (item: number) => boolean {
  if (!f) return (i) => served.servable(i);
  const { categories, match, publishedAfter } = f;
  return (i) => {
    if (!served.servable(i)) return false;
    if (publishedAfter !== null && !(served.publishedAt(i) > publishedAfter)) return false;
    if (!categories.length) return true;
    const own = served.categoriesOf(i);
    return match === 'ALL' ? categories.every((c) => own.includes(c)) : categories.some((c) => own.includes(c));
  };
}
