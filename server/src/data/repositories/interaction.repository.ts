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

  /**
   * Group commit's ratings: one statement for many (user, item) pairs, each pair at most once
   * (the group committer keeps repeats apart). Rows come back by pair, in no particular order.
   */
  async upsertRatings(ratings: readonly { userKey: string; itemKey: string; rating: number }[], db: Db = this.pool): Promise<InteractionRow[]> {
    const { rows } = await db.query(
      `INSERT INTO interactions (user_id, item_id, kind, value, occurred_at)
       SELECT u, i, 'rating', v, now() FROM unnest($1::bigint[], $2::bigint[], $3::float8[]) AS x(u, i, v)
       ON CONFLICT (user_id, item_id) WHERE kind = 'rating'
       DO UPDATE SET value = EXCLUDED.value, occurred_at = EXCLUDED.occurred_at, created_at = now()
       RETURNING ${RETURNING}, (xmax = 0) AS created`,
      [ratings.map((r) => r.userKey), ratings.map((r) => r.itemKey), ratings.map((r) => r.rating)],
    );
    return rows;
  }

  /**
   * Group commit's events: one statement for many, each idempotency key at most once. Returns one row
   * per event, in order: the new row, or for a key used before, the earlier row (created false).
   * Ids are drawn first so each new row is matched to its event without relying on RETURNING's order.
   */
  async insertEvents(events: readonly NewEvent[], db: Db = this.pool): Promise<InteractionRow[]> {
    const { rows } = await db.query(
      `WITH input AS (
         SELECT nextval('interactions_id_seq') AS id, x.*
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::float8[], $5::timestamptz[], $6::text[]) WITH ORDINALITY
                AS x(user_id, item_id, kind, value, occurred_at, idempotency_key, ord)
       ), ins AS (
         INSERT INTO interactions (id, user_id, item_id, kind, value, occurred_at, idempotency_key)
         SELECT id, user_id, item_id, kind, value, occurred_at, idempotency_key FROM input ORDER BY ord
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id
       )
       SELECT n.ord, (ins.id IS NOT NULL) AS created, ins.id::text AS key, n.user_id::text AS "userKey", n.item_id::text AS "itemKey",
              n.kind, n.value, n.occurred_at AS "occurredAt", n.idempotency_key AS "idempotencyKey"
         FROM input n LEFT JOIN ins ON ins.id = n.id ORDER BY n.ord`,
      [
        events.map((e) => e.userKey),
        events.map((e) => e.itemKey),
        events.map((e) => e.kind),
        events.map((e) => e.value),
        events.map((e) => e.occurredAt),
        events.map((e) => e.idempotencyKey),
      ],
    );
    const out: InteractionRow[] = rows.map(({ ord: _, ...r }) => r as InteractionRow);
    // keys used before: the earlier rows (read now, so rows committed while this statement ran are seen)
    const replays = out.filter((r) => !r.created).map((r) => r.idempotencyKey!);
    if (replays.length) {
      const earlier = await db.query(`SELECT ${RETURNING}, false AS created FROM interactions WHERE idempotency_key = ANY($1::text[])`, [replays]);
      const byKey = new Map(earlier.rows.map((r: InteractionRow) => [r.idempotencyKey, r]));
      for (const [i, r] of out.entries()) {
        if (r.created) continue;
        const e = byKey.get(r.idempotencyKey);
        // deleted meanwhile (its user was erased): the group fails and each write is tried alone
        if (!e) throw new Error(`the interaction with idempotency key ${r.idempotencyKey} disappeared while it was being read`);
        out[i] = e;
      }
    }
    return out;
  }

  /** events whose idempotency key starts with a prefix (benchmarks count their own writes) */
  async countWithIdempotencyPrefix(prefix: string): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM interactions WHERE idempotency_key LIKE $1`, [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
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
