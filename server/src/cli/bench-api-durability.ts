/**
 * The larger durability mode of `npm run bench:api -- --durability N`: N implicit events, each
 * sent three times at once with the same idempotencyKey (a client retrying while the first try is
 * still in flight), plus N ratings of distinct (user, item) pairs each sent twice, from 64 lanes;
 * then the rows are counted in PostgreSQL. The same checks as server/test/hardening-durability,
 * at a size too slow for `npm test`.
 */
import type { Pool } from 'pg';
import { InteractionRepository } from '../data/repositories/interaction.repository';

export interface DurabilityResult {
  events: number;
  eventRows: number;
  createdOnce: boolean;
  ratings: number;
  ratingRows: number;
  failedRequests: number;
  seconds: number;
}

async function lanes<T>(xs: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < xs.length) await fn(xs[next++]);
    }),
  );
}

export async function runDurability(url: string, key: string, pool: Pool, n: number, userIds: string[], itemIds: string[]): Promise<DurabilityResult> {
  const run = `bench-${Date.now()}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  let failed = 0;
  const created = new Map<string, number>();
  const post = async (query: string, variables: Record<string, unknown>) => {
    try {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: { recordInteraction?: { created: boolean; idempotencyKey: string } }; errors?: unknown[] };
      if (res.status !== 200 || body.errors?.length) failed++;
      const row = body.data?.recordInteraction;
      if (row?.created) created.set(row.idempotencyKey, (created.get(row.idempotencyKey) ?? 0) + 1);
    } catch {
      failed++;
    }
  };
  const t0 = Date.now();
  const events = Array.from({ length: n }, (_, i) => ({
    userId: userIds[i % userIds.length],
    itemId: itemIds[(i * 7) % itemIds.length],
    kind: 'bench_view',
    idempotencyKey: `${run}-${i}`,
  }));
  await lanes(
    events.flatMap((e) => [e, e, e]),
    64,
    (e) => post('mutation ($i: RecordInteractionInput!) { recordInteraction(input: $i) { created idempotencyKey } }', { i: e }),
  );
  // distinct pairs: user u rates the items u+1…, each sent twice; the last write is the same value
  const pairs = Array.from({ length: Math.min(n, userIds.length * 20) }, (_, i) => ({
    userId: userIds[i % userIds.length],
    itemId: itemIds[Math.floor(i / userIds.length) % itemIds.length],
    rating: 3,
  }));
  await lanes(
    pairs.flatMap((p) => [p, p]),
    64,
    (p) => post('mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }', { i: p }),
  );
  const seconds = (Date.now() - t0) / 1000;
  const interactions = new InteractionRepository(pool);
  const eventRows = await interactions.countWithIdempotencyPrefix(`${run}-`);
  const distinct = new Set(pairs.map((p) => `${p.userId}|${p.itemId}`));
  const ratingRows = await interactions.countRatingsOfPairs([...distinct]);
  return {
    events: n,
    eventRows,
    createdOnce: created.size === n && [...created.values()].every((c) => c === 1),
    ratings: distinct.size,
    ratingRows,
    failedRequests: failed,
    seconds,
  };
}
