import type { CatalogEntryRow, ItemRow } from '../data/repositories/item.repository';

/** what serving filters by, for one item */
export interface CatalogEntry {
  key: string;
  id: string;
  title: string;
  categories: string[];
  /** the categories in lower case (filters match without regard to case) */
  lower: string[];
  /** epoch milliseconds, or null */
  publishedAt: number | null;
  hidden: boolean;
  /** epoch microseconds */
  updatedAt: number;
  description?: string | null;
  attributes?: Record<string, unknown> | null;
  /** the row a list shows, built once on first use (entries are replaced, never changed, on an update) */
  row?: ItemRow;
}

/** how many categories an unknown-category error lists before it says how many more there are */
const LISTED_CATEGORIES = 60;

/**
 * This replica's picture of the catalog, by internal item key: loaded at start, kept current by
 * the catalog notifications (and a cheap fallback check), so a list is filtered without asking the
 * database per candidate. `generation` grows with every change: lists cached before it are stale.
 */
export class CatalogIndex {
  private readonly byKey = new Map<string, CatalogEntry>();
  /** external id → internal key */
  private readonly keyById = new Map<string, string>();
  /** lower-case category → its spelling as first seen and how many items carry it */
  private readonly categories = new Map<string, { name: string; count: number }>();
  private latest = 0;
  generation = 0;
  /** false until the first full read: until then nothing is filtered by it */
  loaded = false;

  get size(): number {
    return this.byKey.size;
  }

  /** the latest updated_at among the items (µs), as the database would report it */
  get updatedAt(): number | null {
    return this.byKey.size ? this.latest : null;
  }

  get(key: string): CatalogEntry | undefined {
    return this.byKey.get(key);
  }

  /** the internal key of an external item id, when the item exists */
  keyOf(id: string): string | undefined {
    return this.keyById.get(id);
  }

  /**
   * The item's row as a list shows it (title, categories, description, publication, hidden,
   * attributes), from memory; undefined when the item is unknown here. Averages and counts are not in it.
   */
  row(key: string): ItemRow | undefined {
    const e = this.byKey.get(key);
    if (!e) return undefined;
    if (!e.row) {
      const published = e.publishedAt === null ? null : new Date(e.publishedAt);
      e.row = {
        key: e.key,
        id: e.id,
        title: e.title,
        categories: e.categories,
        description: e.description ?? null,
        publishedAt: published,
        year: published ? published.getUTCFullYear() : null,
        hidden: e.hidden,
        attributes: e.attributes ?? null,
      };
    }
    return e.row;
  }

  entries(): IterableIterator<CatalogEntry> {
    return this.byKey.values();
  }

  /** the whole catalog as read now; returns the keys that changed (added, altered or gone) */
  replaceAll(rows: readonly CatalogEntryRow[]): string[] {
    const seen = new Set(rows.map((r) => r.key));
    const gone = [...this.byKey.keys()].filter((k) => !seen.has(k));
    const changed = [...this.update(gone, []), ...this.update([], rows)];
    this.loaded = true;
    return changed;
  }

  /**
   * The rows of the given keys as read now: a key without a row was deleted. Returns the keys that
   * changed. Rows older than the entry held (a notification overtaken by a fresher read) are ignored.
   */
  update(keys: readonly string[], rows: readonly CatalogEntryRow[]): string[] {
    const found = new Map(rows.map((r) => [r.key, r]));
    const changed: string[] = [];
    let recount = false;
    for (const key of new Set([...keys, ...found.keys()])) {
      const row = found.get(key);
      const old = this.byKey.get(key);
      if (!row) {
        if (old) {
          this.remove(old);
          changed.push(key);
          recount ||= old.updatedAt >= this.latest;
        }
        continue;
      }
      if (old && old.updatedAt > row.updatedAt) continue;
      if (old && same(old, row)) continue;
      if (old) this.remove(old);
      this.add(row);
      changed.push(key);
    }
    if (recount) {
      // the latest item went: the latest is now that of the others (once per update, not per item)
      this.latest = 0;
      for (const e of this.byKey.values()) if (e.updatedAt > this.latest) this.latest = e.updatedAt;
    }
    if (changed.length) this.generation++;
    return changed;
  }

  /** is this (lower-case) category on any item? */
  hasCategory(lower: string): boolean {
    return this.categories.has(lower);
  }

  /** the known categories, for a message: alphabetical, the first LISTED_CATEGORIES of them */
  describeCategories(): string {
    const names = [...this.categories.values()].map((c) => c.name).sort();
    const shown = names.slice(0, LISTED_CATEGORIES).join(', ');
    return names.length > LISTED_CATEGORIES ? `${shown}, … and ${names.length - LISTED_CATEGORIES} more (Query.genres lists them all)` : shown;
  }

  private add(row: CatalogEntryRow): void {
    const lower = row.categories.map((c) => c.toLowerCase());
    this.byKey.set(row.key, { ...row, lower });
    this.keyById.set(row.id, row.key);
    for (const [n, l] of lower.entries()) {
      const c = this.categories.get(l);
      if (c) c.count++;
      else this.categories.set(l, { name: row.categories[n], count: 1 });
    }
    if (row.updatedAt > this.latest) this.latest = row.updatedAt;
  }

  private remove(e: CatalogEntry): void {
    this.byKey.delete(e.key);
    if (this.keyById.get(e.id) === e.key) this.keyById.delete(e.id);
    for (const l of e.lower) {
      const c = this.categories.get(l);
      if (c && --c.count === 0) this.categories.delete(l);
    }
  }
}

function same(e: CatalogEntry, r: CatalogEntryRow): boolean {
  return (
    e.id === r.id &&
    e.title === r.title &&
    e.hidden === r.hidden &&
    e.publishedAt === r.publishedAt &&
    e.updatedAt === r.updatedAt &&
    e.categories.length === r.categories.length &&
    e.categories.every((c, i) => c === r.categories[i]) &&
    (e.description ?? null) === (r.description ?? null) &&
    JSON.stringify(e.attributes ?? null) === JSON.stringify(r.attributes ?? null)
  );
}
