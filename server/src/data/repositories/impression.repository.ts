import type { Pool, PoolClient } from 'pg';

/** a served list as the recorder buffers it (ids as the API and the database name them) */
export interface NewImpression {
  id: string;
  /** the user's external id (resolved to users.id when written); null: a list not asked for a user */
  userId: string | null;
  /** engine (storage) name, as model_versions.strategy */
  strategy: string;
  modelVersionId: string | null;
  experimentId: string | null;
  arm: string | null;
  /** items.id of the list, in order */
  itemKeys: readonly string[];
  createdAt: Date;
}

export interface AttributionQuery {
  impressionId: string;
  userKey: string;
  itemKey: string;
  positive: boolean;
  conversion: boolean;
}

export interface AttributionAnswer {
  outcome: 'CLICK' | 'CONVERSION' | 'UNKNOWN_IMPRESSION' | 'EXPIRED' | 'NOT_IN_IMPRESSION' | 'NOT_POSITIVE';
  position: number | null;
}

export type MetricsGrouping = 'strategy' | 'version' | 'arm';

export interface MetricsCounts {
  strategy: string | null;
  modelVersionId: string | null;
  experimentId: string | null;
  arm: string | null;
  bucketStart: Date;
  impressions: number;
  clicks: number;
  conversions: number;
}

/** the rollup's columns per grouping (its key has 0 / '' for none: shown as null) */
const GROUPS: Record<MetricsGrouping, { columns: string; where: string }> = {
  strategy: { columns: 'strategy, NULL::bigint, NULL::bigint, NULL::text', where: '' },
  version: { columns: 'strategy, NULLIF(model_version_id, 0), NULL::bigint, NULL::text', where: '' },
  arm: { columns: "NULL::text, NULL::bigint, experiment_id, NULLIF(arm, '')", where: 'AND experiment_id <> 0' },
};

/**
 * Adds the rows a CTE named `counted` returns (strategy, model_version_id, experiment_id, arm,
 * created_at) to one rollup column, per hour and group, in key order (concurrent writers lock the
 * rollup's rows in the same order).
 */
const addToRollup = (column: 'impressions' | 'clicks' | 'conversions') => `
  INSERT INTO impression_rollup AS r (hour, strategy, model_version_id, experiment_id, arm, ${column})
  SELECT date_trunc('hour', created_at, 'UTC'), strategy, coalesce(model_version_id, 0), coalesce(experiment_id, 0), coalesce(arm, ''), count(*)
    FROM counted GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, strategy, model_version_id, experiment_id, arm) DO UPDATE SET ${column} = r.${column} + excluded.${column}`;

/** Impressions and the clicks and conversions attributed to them (issue 15). All their SQL is here. */
export class ImpressionRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * One statement for a batch of served lists. The user is resolved by external id here, off the
   * request path; a list whose user was deleted meanwhile is dropped (their impressions would go with
   * them anyway). A replayed id is ignored.
   */
  async insert(rows: readonly NewImpression[]): Promise<void> {
    if (!rows.length) return;
    await this.pool.query(
      `WITH counted AS (
       INSERT INTO impressions (id, user_id, strategy, model_version_id, experiment_id, arm, item_ids, created_at)
       SELECT r.id, u.id, r.strategy, r.version, r.experiment, r.arm, r.items::bigint[], r.at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[])
              AS r(id, external_user, strategy, version, experiment, arm, items, at)
         LEFT JOIN users u ON u.external_id = r.external_user
        WHERE r.external_user IS NULL OR u.id IS NOT NULL
       ON CONFLICT (id) DO NOTHING
       RETURNING strategy, model_version_id, experiment_id, arm, created_at)
       ${addToRollup('impressions')}`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.userId),
        rows.map((r) => r.strategy),
        rows.map((r) => r.modelVersionId),
        rows.map((r) => r.experimentId),
        rows.map((r) => r.arm),
        rows.map((r) => `{${r.itemKeys.join(',')}}`),
        rows.map((r) => r.createdAt),
      ],
    );
  }

  /**
   * Decides each event's outcome (rule: services/impressions/attribution.ts) and stores the clicks
   * and conversions, in one statement for a whole batch. A conversion stores a click as well; the
   * key (impression, item, kind) keeps a repeated event from counting twice. The impressions that
   * got their first click / conversion then flip their flag and add one to the rollup: the flip is
   * an UPDATE … WHERE NOT clicked of rows locked in id order, so two clicks on two items of one list
   * arriving at once on two replicas still count that list once. All of it in one transaction. The
   * lock is FOR NO KEY UPDATE: the events' foreign key holds KEY SHARE on the same rows, which a
   * FOR UPDATE would wait for (two such writers deadlock); the UPDATE itself takes no stronger lock.
   */
  async attribute(events: readonly AttributionQuery[], now: Date, windowMs: number): Promise<AttributionAnswer[]> {
    if (!events.length) return [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const answers = await this.decide(client, events, now, windowMs);
      const hit = (outcomes: string[]) => [...new Set(events.flatMap((e, n) => (outcomes.includes(answers[n].outcome) ? [e.impressionId] : [])))].sort();
      await this.flip(client, 'clicked', 'clicks', hit(['CLICK', 'CONVERSION']));
      await this.flip(client, 'converted', 'conversions', hit(['CONVERSION']));
      await client.query('COMMIT');
      return answers;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async flip(client: PoolClient, flag: 'clicked' | 'converted', column: 'clicks' | 'conversions', ids: string[]): Promise<void> {
    if (!ids.length) return;
    await client.query(
      `WITH locked AS (SELECT id FROM impressions WHERE id = ANY($1::uuid[]) AND NOT ${flag} ORDER BY id FOR NO KEY UPDATE),
       counted AS (UPDATE impressions i SET ${flag} = true FROM locked WHERE i.id = locked.id AND NOT i.${flag}
                   RETURNING i.strategy, i.model_version_id, i.experiment_id, i.arm, i.created_at)
       ${addToRollup(column)}`,
      [ids],
    );
  }

  private async decide(client: PoolClient, events: readonly AttributionQuery[], now: Date, windowMs: number): Promise<AttributionAnswer[]> {
    const { rows } = await client.query<{ n: string; outcome: AttributionAnswer['outcome']; position: number | null }>(
      `WITH e AS (
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::boolean[], $5::boolean[])
                WITH ORDINALITY AS e(impression_id, user_id, item_id, positive, conversion, n)),
       j AS (
         SELECT e.*, i.id IS NOT NULL AS known, i.user_id AS shown_to, i.created_at AS served_at,
                array_position(i.item_ids, e.item_id) AS position
           FROM e LEFT JOIN impressions i ON i.id = e.impression_id),
       o AS (
         SELECT j.*, CASE
                  WHEN NOT known THEN 'UNKNOWN_IMPRESSION'
                  WHEN shown_to IS NOT NULL AND shown_to <> user_id THEN 'NOT_IN_IMPRESSION'
                  WHEN $6::timestamptz > served_at + $7 * interval '1 millisecond' THEN 'EXPIRED'
                  WHEN position IS NULL THEN 'NOT_IN_IMPRESSION'
                  WHEN NOT positive THEN 'NOT_POSITIVE'
                  WHEN conversion THEN 'CONVERSION'
                  ELSE 'CLICK' END AS outcome
           FROM j),
       stored AS (
         INSERT INTO impression_events (impression_id, item_id, position, kind, created_at)
         SELECT o.impression_id, o.item_id, o.position, k.kind, $6::timestamptz
           FROM o CROSS JOIN LATERAL unnest(CASE o.outcome WHEN 'CONVERSION' THEN ARRAY['click', 'conversion']
                                                           WHEN 'CLICK' THEN ARRAY['click'] ELSE ARRAY[]::text[] END) AS k(kind)
         ON CONFLICT DO NOTHING)
       SELECT n, outcome, CASE WHEN shown_to IS NULL OR shown_to = user_id THEN position END AS position FROM o ORDER BY n`,
      [
        events.map((e) => e.impressionId),
        events.map((e) => e.userKey),
        events.map((e) => e.itemKey),
        events.map((e) => e.positive),
        events.map((e) => e.conversion),
        now,
        windowMs,
      ],
    );
    return rows.map((r) => ({ outcome: r.outcome, position: r.position }));
  }

  /**
   * Counts per group and time bucket, summed from the rollup's hours in [from, to) (from rounded
   * down to its hour): impressions, and impressions with at least one click / conversion (each
   * impression counts once however many of its items were clicked).
   */
  async counts(from: Date, to: Date, grouping: MetricsGrouping, bucket: 'hour' | 'day'): Promise<MetricsCounts[]> {
    const g = GROUPS[grouping];
    const { rows } = await this.pool.query<MetricsCounts>(
      `SELECT g.strategy, g.version::text AS "modelVersionId", g.experiment::text AS "experimentId", g.arm,
              g.bucket_start AS "bucketStart", sum(r.impressions)::int AS impressions,
              sum(r.clicks)::int AS clicks, sum(r.conversions)::int AS conversions
         FROM impression_rollup r
         CROSS JOIN LATERAL (SELECT ${g.columns}, date_trunc($3, r.hour, 'UTC')) AS g(strategy, version, experiment, arm, bucket_start)
        WHERE r.hour >= date_trunc('hour', $1::timestamptz, 'UTC') AND r.hour < $2 ${g.where}
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 5, 1, 2, 3, 4`,
      [from, to, bucket],
    );
    return rows;
  }

  /**
   * Deletes impressions served before `before` (their events go with them), in bounded batches, and
   * the rollup's hours before `rollupBefore`; how many impressions went.
   */
  async prune(before: Date, rollupBefore: Date, batch = 5000): Promise<number> {
    await this.pool.query(`DELETE FROM impression_rollup WHERE hour < $1`, [rollupBefore]);
    let total = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(`DELETE FROM impressions WHERE id IN (SELECT id FROM impressions WHERE created_at < $1 LIMIT $2)`, [before, batch]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batch) return total;
    }
  }
}
