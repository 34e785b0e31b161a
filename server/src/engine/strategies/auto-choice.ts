/**
 * AUTO's decision, the one place it is made (the API's RecommendationService and the engine's
 * AutoModel, hence the eval CLI's `auto` row, both call chooseForUser): for a user with n interactions,
 * the candidate that measured the best NDCG@K on held-out data for users whose history length fell in
 * the same bucket (over at least MIN_BUCKET_USERS of them), among those able to score this user;
 * popularity when no candidate qualifies.
 */

/** history-length buckets: none (< shortFrom), short (< longFrom), long */
export type HistoryBucket = 'none' | 'short' | 'long';

export interface BucketEdges {
  /** "short" begins at this many interactions; fewer is "none" */
  shortFrom: number;
  /** "long" begins here */
  longFrom: number;
}

export const DEFAULT_BUCKET_EDGES: Readonly<BucketEdges> = Object.freeze({ shortFrom: 5, longFrom: 20 });

export function bucketOf(historyLength: number, edges: BucketEdges): HistoryBucket {
  return historyLength < edges.shortFrom ? 'none' : historyLength < edges.longFrom ? 'short' : 'long';
}

/** "fewer than 5", "5–19", "20 or more" */
export function describeBucket(bucket: HistoryBucket, edges: BucketEdges): string {
  if (bucket === 'none') return `fewer than ${edges.shortFrom}`;
  if (bucket === 'short') return `${edges.shortFrom}–${edges.longFrom - 1}`;
  return `${edges.longFrom} or more`;
}

/**
 * Held-out NDCG@K by the user's training-history length, as sums (so any bucket edges can be applied
 * later, by whoever serves): lengths[i] had users[i] evaluated users with summed NDCG ndcgSum[i].
 * Stored inside a version's metrics JSON as `byHistory`.
 */
export interface HistoryScores {
  lengths: number[];
  users: number[];
  ndcgSum: number[];
}

/** mean NDCG over evaluated users whose history length falls in the bucket, or null when none did */
export function bucketNdcg(scores: HistoryScores | null | undefined, bucket: HistoryBucket, edges: BucketEdges): { ndcg: number; users: number } | null {
  if (!scores) return null;
  let users = 0;
  let sum = 0;
  for (let i = 0; i < scores.lengths.length; i++) {
    if (bucketOf(scores.lengths[i], edges) !== bucket) continue;
    users += scores.users[i];
    sum += scores.ndcgSum[i];
  }
  return users > 0 ? { ndcg: sum / users, users } : null;
}

export interface AutoCandidate {
  /** what the caller calls it (the registry name in the engine, the API name in the server) */
  name: string;
  /** held-out scores by history length; null for a version measured before they were recorded */
  byHistory: HistoryScores | null;
  /** overall held-out NDCG@K, used only when byHistory is missing */
  ndcg: number | null;
  /** the model can produce a personalized list for this user */
  canScore: boolean;
}

export interface AutoChoice {
  /** the chosen candidate's name, or the fallback's */
  strategy: string;
  bucket: HistoryBucket;
  /** says which and why, in words a person understands */
  reason: string;
}

const f3 = (x: number) => x.toFixed(3);

/**
 * A bucket's measurement counts only over at least this many held-out users. NDCG@10 of one user is
 * 0 or up to 1, so over 22 users (the demo data's "none" bucket) its standard error is about 0.06:
 * larger than the gaps between models, and the order it gives is noise.
 */
export const MIN_BUCKET_USERS = 30;

/**
 * The decision. Candidates are ranked by their measured NDCG@K in the user's bucket (ties: the order
 * given); the first that can score the user wins. A candidate without a measurement for the bucket is
 * not chosen. `fallback` names popularity, which answers when nothing else qualifies.
 */
export function chooseForUser(candidates: readonly AutoCandidate[], historyLength: number, edges: BucketEdges, fallback: string): AutoChoice {
  const bucket = bucketOf(historyLength, edges);
  const who = `users with ${describeBucket(bucket, edges)} interactions`;
  const measured = candidates
    .map((c, order) => {
      const inBucket = c.byHistory ? bucketNdcg(c.byHistory, bucket, edges) : null;
      const b = c.byHistory ? (inBucket && inBucket.users >= MIN_BUCKET_USERS ? inBucket : null) : c.ndcg === null ? null : { ndcg: c.ndcg, users: 0 };
      return { c, order, b };
    })
    .filter((x): x is { c: AutoCandidate; order: number; b: { ndcg: number; users: number } } => x.b !== null)
    .sort((x, y) => y.b.ndcg - x.b.ndcg || x.order - y.order);
  const pick = measured.find((x) => x.c.canScore || x.c.name === fallback);
  const pop = measured.find((x) => x.c.name === fallback);
  if (!pick) return { strategy: fallback, bucket, reason: `Auto: ${fallback}, since no model was measured on enough (${MIN_BUCKET_USERS}) ${who}` };
  if (pick.c.name === fallback) {
    const beaten = measured.find((x) => x.c.name !== fallback);
    const also = beaten ? ` (NDCG@K ${f3(pick.b.ndcg)} vs ${beaten.c.name} ${f3(beaten.b.ndcg)})` : '';
    return { strategy: fallback, bucket, reason: `Auto: ${fallback}, which measured best for ${who}${also}` };
  }
  const better = measured.filter((x) => x.order !== pick.order && x.b.ndcg > pick.b.ndcg).map((x) => x.c.name);
  const vs = pop && pop !== pick ? ` vs ${fallback} ${f3(pop.b.ndcg)}` : '';
  const skipped = better.length ? `; ${better.join(', ')} measured higher but cannot score you yet` : '';
  const basis = pick.c.byHistory ? `measured best for ${who}` : 'measured best overall (no per-history measurement yet)';
  return { strategy: pick.c.name, bucket, reason: `Auto: ${pick.c.name}, which ${basis} (NDCG@K ${f3(pick.b.ndcg)}${vs})${skipped}` };
}
