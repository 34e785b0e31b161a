import type { Pool } from 'pg';
import { notifyList } from '../notify';
import { inPoolTransaction } from '../transaction';

/** carries the internal keys of items written or deleted, to every replica (on commit) */
export const CATALOG_CHANNEL = 'tastegraph_catalog';

/** An item as the API sees it; `key` is the internal bigint id (as a string), `id` the external one. */
export interface ItemRow {
  key: string;
  id: string;
  title: string;
  categories: string[];
  description: string | null;
  publishedAt: Date | null;
  /** the UTC year of publishedAt (the demo's and MovieLens' release year) */
  year: number | null;
  hidden: boolean;
  attributes: Record<string, unknown> | null;
}

export interface ItemStatsRow {
  key: string;
  ratingCount: number;
  averageRating: number | null;
  interactionCount: number;
}

const COLUMNS = `id::text AS key, external_id AS id, title, categories, description, published_at AS "publishedAt",
  extract(year FROM published_at AT TIME ZONE 'UTC')::int AS year, hidden, attributes`;

/**
 * One item to write. A field left undefined keeps the item's current value (a new item gets the
 * default: no categories, not hidden, the rest null); null clears it.
 */
export interface ItemWrite {
  id: string;
  title: string;
  categories?: string[] | null;
  description?: string | null;
  publishedAt?: Date | null;
  hidden?: boolean | null;
  attributes?: Record<string, unknown> | null;
}

/** what serving filters by, per item (the per-replica catalog index) */
export interface CatalogEntryRow {
  key: string;
  id: string;
  title: string;
  categories: string[];
  /** epoch milliseconds, or null */
  publishedAt: number | null;
  hidden: boolean;
  /** updated_at in epoch microseconds (what the fallback check compares) */
  updatedAt: number;
  /** what a list shows besides the above (absent: not read, e.g. in tests that build rows by hand) */
  description?: string | null;
  attributes?: Record<string, unknown> | null;
}

const ENTRY_COLUMNS = `id::text AS key, external_id AS id, title, categories,
  (extract(epoch FROM published_at) * 1000)::float8 AS "publishedAt", hidden,
  floor(extract(epoch FROM updated_at) * 1000000)::float8 AS "updatedAt", description, attributes`;

export interface ItemPageQuery {
  search?: string | null;
  genre?: string | null;
  /** internal id after which to start (keyset pagination) */
  afterKey?: string | null;
  limit: number;
}

/**
 * The item read paths. SQL, not TypeORM: these run on every request (DataLoader batches by
 * `= ANY($1)` arrays, aggregates with FILTER, trigram/GIN-assisted search) and map straight to API rows.
 */
export class ItemRepository {
  constructor(private readonly pool: Pool) {}

  async byExternalIds(ids: readonly string[]): Promise<ItemRow[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM items WHERE external_id = ANY($1::text[])`, [ids]);
    return rows;
  }

  async byKeys(keys: readonly string[]): Promise<ItemRow[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM items WHERE id = ANY($1::bigint[])`, [keys]);
    return rows;
  }

  private where(q: Omit<ItemPageQuery, 'limit' | 'afterKey'>, params: unknown[]): string[] {
    const clauses: string[] = [];
    if (q.search) {
      params.push(`%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      clauses.push(`title ILIKE $${params.length}`);
    }
    if (q.genre) {
      params.push([q.genre]);
      clauses.push(`categories @> $${params.length}::text[]`);
    }
    return clauses;
  }

  /** one page plus one row, so the caller knows whether there is a next page */
  async page(q: ItemPageQuery): Promise<ItemRow[]> {
    const params: unknown[] = [];
    const clauses = this.where(q, params);
    if (q.afterKey) {
      params.push(q.afterKey);
      clauses.push(`id > $${params.length}::bigint`);
    }
    params.push(q.limit + 1);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.pool.query(
      // items.id, not id: a bare `id` would bind to the output alias (external_id AS id) and sort
      // by the external text id, while the keyset cursor is on the internal bigint id
      `SELECT ${COLUMNS} FROM items ${where} ORDER BY items.id LIMIT $${params.length}`,
      params,
    );
    return rows;
  }

  async count(q: Omit<ItemPageQuery, 'limit' | 'afterKey'>): Promise<number> {
    const params: unknown[] = [];
    const clauses = this.where(q, params);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM items ${where}`, params);
    return rows[0].n;
  }

  async stats(keys: readonly string[]): Promise<ItemStatsRow[]> {
    const { rows } = await this.pool.query(
      `SELECT item_id::text AS key,
              count(*) FILTER (WHERE kind = 'rating')::int AS "ratingCount",
              avg(value) FILTER (WHERE kind = 'rating')::float8 AS "averageRating",
              count(*)::int AS "interactionCount"
         FROM interactions WHERE item_id = ANY($1::bigint[]) GROUP BY item_id`,
      [keys],
    );
    return rows;
  }

  /** rating histogram of one item: count per half-star value */
  async ratingDistribution(key: string): Promise<{ rating: number; count: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT value::float8 AS rating, count(*)::int AS count FROM interactions
        WHERE item_id = $1 AND kind = 'rating' GROUP BY value ORDER BY value`,
      [key],
    );
    return rows;
  }

  /** external ids of the items with the most interactions (benchmarks pick their items from these) */
  async mostInteractedIds(limit: number): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT i.external_id FROM items i JOIN interactions x ON x.item_id = i.id GROUP BY i.id ORDER BY count(*) DESC LIMIT $1`, [limit]);
    return rows.map((r) => r.external_id);
  }

  async genres(): Promise<{ genre: string; count: number }[]> {
    const { rows } = await this.pool.query(`SELECT g AS genre, count(*)::int AS count FROM items, unnest(categories) g GROUP BY g ORDER BY g`);
    return rows;
  }

  /**
   * Inserts or updates items by external id in one transaction, all or none, and tells every
   * replica on commit. Writes of the catalog take one transaction-scoped lock, so two upserts of
   * the same new id cannot interleave (a field one of them omits is then never reset by the other).
   * SQL: one set-based INSERT … ON CONFLICT over a JSON array, where "omitted" and "null" differ.
   */
  async upsertMany(items: readonly ItemWrite[], origin: string): Promise<ItemRow[]> {
    const payload = items.map((it) => {
      const e: Record<string, unknown> = { id: it.id, title: it.title };
      if (it.categories !== undefined) e.categories = it.categories ?? [];
      if (it.description !== undefined) e.description = it.description;
      if (it.publishedAt !== undefined) e.publishedAt = it.publishedAt?.toISOString() ?? null;
      if (it.hidden !== undefined) e.hidden = it.hidden ?? false;
      if (it.attributes !== undefined) e.attributes = it.attributes;
      return e;
    });
    return inPoolTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('tastegraph:catalog-write'))`);
      const { rows } = await client.query(
        `WITH src AS (SELECT t.n, t.e FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n))
         INSERT INTO items AS it (external_id, title, categories, description, published_at, hidden, attributes, updated_at)
         SELECT s.e->>'id', s.e->>'title',
                CASE WHEN s.e ? 'categories' THEN ARRAY(SELECT jsonb_array_elements_text(s.e->'categories')) ELSE coalesce(cur.categories, '{}') END,
                CASE WHEN s.e ? 'description' THEN s.e->>'description' ELSE cur.description END,
                CASE WHEN s.e ? 'publishedAt' THEN (s.e->>'publishedAt')::timestamptz ELSE cur.published_at END,
                CASE WHEN s.e ? 'hidden' THEN (s.e->>'hidden')::boolean ELSE coalesce(cur.hidden, false) END,
                CASE WHEN s.e ? 'attributes' THEN nullif(s.e->'attributes', 'null'::jsonb) ELSE cur.attributes END,
                now()
           FROM src s LEFT JOIN items cur ON cur.external_id = s.e->>'id'
          ORDER BY s.n
         ON CONFLICT (external_id) DO UPDATE SET title = EXCLUDED.title, categories = EXCLUDED.categories,
           description = EXCLUDED.description, published_at = EXCLUDED.published_at, hidden = EXCLUDED.hidden,
           attributes = EXCLUDED.attributes, updated_at = EXCLUDED.updated_at
         RETURNING ${COLUMNS}`,
        [JSON.stringify(payload)],
      );
      await notifyList(
        client,
        CATALOG_CHANNEL,
        origin,
        rows.map((r: ItemRow) => r.key),
      );
      const byId = new Map((rows as ItemRow[]).map((r) => [r.id, r]));
      return items.map((it) => byId.get(it.id)!);
    });
  }

  /** deletes an item and (by ON DELETE CASCADE) its interactions; the internal key, or null when there was none */
  async deleteByExternalId(id: string, origin: string): Promise<string | null> {
    return inPoolTransaction(this.pool, async (client) => {
      const { rows } = await client.query(`DELETE FROM items WHERE external_id = $1 RETURNING id::text AS key`, [id]);
      if (rows[0]) await notifyList(client, CATALOG_CHANNEL, origin, [rows[0].key]);
      return rows[0]?.key ?? null;
    });
  }

  /** what serving filters by: every item, or those of the given internal keys (missing keys were deleted) */
  async catalogEntries(keys?: readonly string[]): Promise<CatalogEntryRow[]> {
    const { rows } = keys
      ? await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM items WHERE id = ANY($1::bigint[])`, [keys])
      : await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM items ORDER BY id`);
    return rows;
  }

  /** how many items there are and their latest updated_at (µs): a cheap check that nothing changed unannounced */
  async catalogFingerprint(): Promise<{ count: number; updatedAt: number | null }> {
    const { rows } = await this.pool.query(
      // (named, so a count of the statements one request runs can leave this background check out)
      `SELECT /* catalog fingerprint */ count(*)::int AS count, floor(extract(epoch FROM max(updated_at)) * 1000000)::float8 AS "updatedAt" FROM items`,
    );
    return rows[0];
  }
}
