import type { TimeBucket } from '../../gql/graphql';

/** The windows the Online section offers, each with the bucket that keeps a chart readable. */
export const ONLINE_RANGES = [
  { key: '24h', label: 'Last 24 hours', hours: 24, bucket: 'HOUR' },
  { key: '7d', label: 'Last 7 days', hours: 24 * 7, bucket: 'HOUR' },
  { key: '30d', label: 'Last 30 days', hours: 24 * 30, bucket: 'DAY' },
] as const satisfies readonly { key: string; label: string; hours: number; bucket: TimeBucket }[];

export type OnlineRangeKey = (typeof ONLINE_RANGES)[number]['key'];

/** `from` rounded down to the bucket, so a poll asks the same question (and the cache can answer it) */
export function rangeStart(key: OnlineRangeKey, now: number): string {
  const range = ONLINE_RANGES.find((r) => r.key === key)!;
  const unit = range.bucket === 'HOUR' ? 3_600_000 : 86_400_000;
  return new Date(Math.floor((now - range.hours * 3_600_000) / unit) * unit).toISOString();
}

export const percent = (x: number | null | undefined, digits = 1) => (x == null ? '—' : `${(x * 100).toFixed(digits)}%`);

/** a bucket's start as a short label in the reader's time zone */
export function bucketLabel(iso: string, bucket: TimeBucket): string {
  const d = new Date(iso);
  return bucket === 'HOUR'
    ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
