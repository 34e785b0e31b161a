import type { Pool } from 'pg';
import { notifyList } from '../notify';
import { inPoolTransaction } from '../transaction';

/** carries the external ids of deleted users to every replica (on commit), which forget them */
export const ERASURE_CHANNEL = 'tastegraph_erasure';

/** one user to write; labels left undefined keep their current value (none for a new user), null clears them */
export interface UserWrite {
  id: string;
  labels?: string[] | null;
}

const USER_COLUMNS = `id::text AS key, external_id AS id, labels, created_at AS "createdAt"`;

export interface UserRow {
  key: string;
  id: string;
  labels: string[];
  createdAt: Date;
}

/** one (item, kind) of a user's history: a rating, or the summed values of one kind of event */
export interface HistoryRow {
  itemKey: string;
  kind: string;
  value: number;
  typeWeight: number | null;
  polarity: 'positive' | 'negative' | 'neutral' | null;
  /** how many interaction rows the group sums */
  rows?: number;
}

/** what a user's interactions add up to (the in-memory user states are reconciled against it) */
export interface UserFingerprintRow {
  id: string;
  key: string;
  /** (item, kind) groups */
  groups: number;
  rows: number;
  sum: number;
}

export interface RatingRow {
  key: string;
  userKey: string;
  itemKey: string;
  kind: string;
  value: number;
  occurredAt: Date;
  /** occurred_at in UTC with microseconds, for cursors (a JS Date keeps only milliseconds) */
  cursorAt: string;
}

const RATING_COLUMNS = `id::text AS key, user_id::text AS "userKey", item_id::text AS "itemKey", kind, value, occurred_at AS "occurredAt",
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

/**
 * The user read paths and user creation. SQL, not TypeORM: the hot history read (a user's
 * interactions, on every recommendation and fold-in), DataLoader batches by `= ANY($1)`, keyset pages
 * with microsecond cursors, and an insert that reports a taken id through ON CONFLICT in one statement.
 */
export class UserRepository {
  constructor(private readonly pool: Pool) {}

  async byExternalIds(ids: readonly string[]): Promise<UserRow[]> {
    const { rows } = await this.pool.query(`SELECT id::text AS key, external_id AS id, labels, created_at AS "createdAt" FROM users WHERE external_id = ANY($1::text[])`, [ids]);
    return rows;
  }

  async ratingCounts(keys: readonly string[]): Promise<{ key: string; ratingCount: number; interactionCount: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT user_id::text AS key, count(*) FILTER (WHERE kind = 'rating')::int AS "ratingCount",
              count(*)::int AS "interactionCount"
         FROM interactions WHERE user_id = ANY($1::bigint[]) GROUP BY user_id`,
      [keys],
    );
    return rows;
  }

  /** a user's ratings, newest first; keyset on (occurred_at, id) */
  async ratingsPage(userKey: string, limit: number, after?: { at: string; key: string } | null): Promise<RatingRow[]> {
    const params: unknown[] = [userKey, limit + 1];
    let cond = '';
    if (after) {
      params.push(after.at, after.key);
      cond = `AND (occurred_at, id) < ($3::timestamptz, $4::bigint)`;
    }
    const { rows } = await this.pool.query(
      `SELECT ${RATING_COLUMNS} FROM interactions
        WHERE user_id = $1 AND kind = 'rating' ${cond}
        ORDER BY occurred_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows;
  }

  /** a few existing user ids starting with a prefix, for the client's suggestions */
  async suggest(prefix: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT external_id FROM users WHERE external_id LIKE $1 ORDER BY length(external_id), external_id LIMIT $2`, [
      `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      limit,
    ]);
    return rows.map((r) => r.external_id);
  }

  /**
   * Every item a user interacted with, per kind: the rating's stars (kind 'rating') or the sum of
   * the kind's event values, with the kind's feedback type (null for 'rating' or an undeclared kind).
   * services/history.ts turns these into the signed history serving and fold-in use.
   */
  async interactedItems(userKey: string): Promise<HistoryRow[]> {
    return (await this.interactedItemsOf([userKey])).get(userKey) ?? [];
  }

  /** interactedItems of many users in one statement, by user key (users with no interactions are absent) */
  async interactedItemsOf(userKeys: readonly string[]): Promise<Map<string, HistoryRow[]>> {
    const { rows } = await this.pool.query(
      `SELECT x.user_id::text AS "userKey", x.item_id::text AS "itemKey", x.kind, sum(x.value)::float8 AS value,
              t.weight::float8 AS "typeWeight", t.polarity, count(*)::int AS rows
         FROM interactions x LEFT JOIN feedback_types t ON t.name = x.kind
        WHERE x.user_id = ANY($1::bigint[]) GROUP BY x.user_id, x.item_id, x.kind, t.weight, t.polarity`,
      [userKeys],
    );
    const out = new Map<string, HistoryRow[]>();
    for (const { userKey, ...row } of rows) (out.get(userKey) ?? out.set(userKey, []).get(userKey)!).push(row);
    return out;
  }

  /**
   * For the given external ids, what their interactions add up to; ids without a user are absent.
   * (Named, so a count of the statements one request runs can leave this background check out.)
   */
  async fingerprints(ids: readonly string[]): Promise<UserFingerprintRow[]> {
    const { rows } = await this.pool.query(
      `SELECT /* user fingerprint */ u.external_id AS id, u.id::text AS key,
              count(DISTINCT x.item_id::text || ':' || x.kind)::int AS groups, count(x.id)::int AS rows,
              coalesce(sum(x.value), 0)::float8 AS sum
         FROM users u LEFT JOIN interactions x ON x.user_id = u.id
        WHERE u.external_id = ANY($1::text[]) GROUP BY u.id`,
      [ids],
    );
    return rows;
  }

  /** the first external ids in text order (benchmarks pick their users from these) */
  async firstIds(limit: number): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT external_id FROM users ORDER BY external_id LIMIT $1`, [limit]);
    return rows.map((r) => r.external_id);
  }

  /** creates a user; null when the id is taken */
  async insert(externalId: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query(
      `INSERT INTO users (external_id) VALUES ($1) ON CONFLICT (external_id) DO NOTHING
       RETURNING id::text AS key, external_id AS id, labels, created_at AS "createdAt"`,
      [externalId],
    );
    return rows[0] ?? null;
  }

  /**
   * Inserts or updates users by external id in one transaction, all or none; rows in the order
   * given. User writes take one transaction-scoped lock, so two upserts of the same new id cannot
   * interleave (labels one of them omits are then never reset by the other).
   */
  async upsertMany(users: readonly UserWrite[]): Promise<UserRow[]> {
    const payload = users.map((u) => (u.labels === undefined ? { id: u.id } : { id: u.id, labels: u.labels ?? [] }));
    return inPoolTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('tastegraph:user-write'))`);
      const { rows } = await client.query(
        `WITH src AS (SELECT t.n, t.e FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n))
         INSERT INTO users (external_id, labels)
         SELECT s.e->>'id', CASE WHEN s.e ? 'labels' THEN ARRAY(SELECT jsonb_array_elements_text(s.e->'labels')) ELSE coalesce(cur.labels, '{}') END
           FROM src s LEFT JOIN users cur ON cur.external_id = s.e->>'id'
          ORDER BY s.n
         ON CONFLICT (external_id) DO UPDATE SET labels = EXCLUDED.labels
         RETURNING ${USER_COLUMNS}`,
        [JSON.stringify(payload)],
      );
      const byId = new Map((rows as UserRow[]).map((r) => [r.id, r]));
      return users.map((u) => byId.get(u.id)!);
    });
  }

  /**
   * Erasure: deletes the user and (ON DELETE CASCADE) every interaction of theirs in one
   * transaction, and tells every replica on commit. The internal key, or null when there was none.
   */
  async deleteByExternalId(id: string, origin: string): Promise<string | null> {
    return inPoolTransaction(this.pool, async (client) => {
      const { rows } = await client.query(`DELETE FROM users WHERE external_id = $1 RETURNING id::text AS key`, [id]);
      if (rows[0]) await notifyList(client, ERASURE_CHANNEL, origin, [id]);
      return rows[0]?.key ?? null;
    });
  }

  /**
   * Those of the given external ids that no user has any more, or whose user was created after
   * `since` (the id was deleted and taken again: what a model learned under it was someone else's).
   */
  async staleExternalIds(ids: readonly string[], since: Date | null): Promise<string[]> {
    const out: string[] = [];
    // in slices, so one statement stays small whatever the vocabulary's size
    for (let i = 0; i < ids.length; i += 20_000) {
      const { rows } = await this.pool.query(
        `SELECT t.id FROM unnest($1::text[]) AS t(id)
          WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.external_id = t.id AND ($2::timestamptz IS NULL OR u.created_at <= $2))`,
        [ids.slice(i, i + 20_000), since],
      );
      for (const r of rows) out.push(r.id);
    }
    return out;
  }
}
