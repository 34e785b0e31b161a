import type { Pool } from 'pg';

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
    const { rows } = await this.pool.query(
      `SELECT i.external_id FROM items i JOIN interactions x ON x.item_id = i.id GROUP BY i.id ORDER BY count(*) DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.external_id);
  }

  async genres(): Promise<{ genre: string; count: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT g AS genre, count(*)::int AS count FROM items, unnest(categories) g GROUP BY g ORDER BY g`,
    );
    return rows;
  }
}
