import { bucketNdcg, describeBucket, type BucketEdges, type HistoryBucket, type HistoryScores } from '../engine/strategies/auto-choice';

/** a stored metric as a number, or null when it is missing or not a finite number */
export const metricNumber = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** the per-history-length scores a version's metrics carry (versions trained before them have none) */
export function historyScores(metrics: Record<string, unknown> | null): HistoryScores | null {
  const h = metrics?.byHistory as HistoryScores | undefined;
  return h && Array.isArray(h.lengths) && Array.isArray(h.users) && Array.isArray(h.ndcgSum) ? h : null;
}

export interface BucketMetrics {
  bucket: HistoryBucket;
  interactions: string;
  users: number;
  ndcgAtK: number | null;
}

/** what AUTO compares for a version: its held-out NDCG@K per history bucket (null where none was measured) */
export function bucketMetrics(metrics: Record<string, unknown> | null, edges: BucketEdges): BucketMetrics[] {
  const scores = historyScores(metrics);
  return (['none', 'short', 'long'] as const).map((bucket) => {
    const b = bucketNdcg(scores, bucket, edges);
    return { bucket, interactions: describeBucket(bucket, edges), users: b?.users ?? 0, ndcgAtK: b?.ndcg ?? null };
  });
}
