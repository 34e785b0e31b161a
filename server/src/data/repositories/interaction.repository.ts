import type { Pool, PoolClient } from 'pg';
import { inPoolTransaction } from '../transaction';

export interface InteractionRow {
  key: string;
  userKey: string;
  itemKey: string;
  kind: string;
  /** a rating's stars, or an implicit event's value (its type's weight multiplies it in training) */
  value: number;
  occurredAt: Date;
  idempotencyKey: string | null;
  /** false when an earlier write with the same idempotency key (or rating) was returned */
  created: boolean;
}

const RETURNING = `id::text AS key, user_id::text AS "userKey", item_id::text AS "itemKey", kind, value,
  occurred_at AS "occurredAt", idempotency_key AS "idempotencyKey"`;

export interface NewEvent {
  userKey: string;
  itemKey: string;
  kind: string;
  value: number;
  occurredAt: Date;
  idempotencyKey: string | null;
}

type Db = Pool | PoolClient;

/**
 * Writes of ratings and implicit events. Ratings replace; events accumulate; retries are idempotent.
 * SQL, not TypeORM: the write path's upserts decide "created or earlier row" atomically with
 * ON CONFLICT … RETURNING (xmax = 0), which TypeORM's save/upsert cannot report.
 */
export class InteractionRepository {
  constructor(private readonly pool: Pool) {}

  async upsertRating(userKey: string, itemKey: string, rating: number, db: Db = this.pool): Promise<InteractionRow> {
    const { rows } = await db.query(
      `INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
       VALUES ($1, $2, 'rating', $3, now())
       ON CONFLICT (user_id, item_id) WHERE kind = 'rating'
       DO UPDATE SET value = EXCLUDED.value, occurred_at = EXCLUDED.occurred_at, created_at = now()
       RETURNING ${RETURNING}, (xmax = 0) AS created`,
      [userKey, itemKey, rating],
    );
    return rows[0];
  }

  /** inserts an event; with an idempotency key already used, returns the earlier row instead */
  async insertEvent(e: NewEvent, db: Db = this.pool): Promise<InteractionRow> {
    const { rows } = await db.query(
      `INSERT INTO interactions (user_id, item_id, kind, value, occurred_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING ${RETURNING}, true AS created`,
      [e.userKey, e.itemKey, e.kind, e.value, e.occurredAt, e.idempotencyKey],
    );
    if (rows[0]) return rows[0];
    const existing = await db.query(`SELECT ${RETURNING}, false AS created FROM interactions WHERE idempotency_key = $1`, [e.idempotencyKey]);
    return existing.rows[0];
  }

  /** events whose idempotency key starts with a prefix (benchmarks count their own writes) */
  async countWithIdempotencyPrefix(prefix: string): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM interactions WHERE idempotency_key LIKE $1`, [
      `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
    return rows[0].n;
  }

  /** rating rows of the given "userExternalId|itemExternalId" pairs */
  async countRatingsOfPairs(pairs: string[]): Promise<number> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id
        WHERE x.kind = 'rating' AND (u.external_id || '|' || i.external_id) = ANY($1::text[])`,
      [pairs],
    );
    return rows[0].n;
  }

  /** runs fn in one transaction: all of it is written or none */
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return inPoolTransaction(this.pool, fn);
  }
}
