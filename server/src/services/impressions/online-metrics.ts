import type { ImpressionRepository, MetricsCounts, MetricsGrouping } from '../../data/repositories/impression.repository';
import { wilsonInterval } from '../../engine/evaluation/wilson';
import { invalidInput } from '../errors';
import { apiName, type ApiStrategy } from '../strategies';

export type OnlineGroupBy = 'STRATEGY' | 'MODEL_VERSION' | 'ARM';
export type TimeBucket = 'HOUR' | 'DAY';

export interface OnlineMetricsArgs {
  from: Date | null;
  to: Date | null;
  groupBy: OnlineGroupBy;
  bucket: TimeBucket;
}

/** the rollup's counts for one group and bucket, named for the API, with the rates they give */
export interface OnlineMetricsRow extends Omit<MetricsCounts, 'strategy'> {
  group: string;
  strategy: ApiStrategy | null;
  ctr: number;
  ctrLow: number;
  ctrHigh: number;
  conversionRate: number;
  conversionRateLow: number;
  conversionRateHigh: number;
}

const DAY_MS = 86_400_000;
/** the default range, and the longest one per bucket: 744 hourly or 366 daily buckets per group at most */
export const DEFAULT_RANGE_DAYS = 7;
export const MAX_RANGE_DAYS: Record<TimeBucket, number> = { HOUR: 31, DAY: 366 };

const GROUPING: Record<OnlineGroupBy, MetricsGrouping> = { STRATEGY: 'strategy', MODEL_VERSION: 'version', ARM: 'arm' };

/** [from, to) as asked, defaults filled in, or invalid input saying what to change */
export function metricsRange(args: OnlineMetricsArgs, now = new Date()): { from: Date; to: Date } {
  const to = args.to ?? now;
  const from = args.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw invalidInput('from', `from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  }
  const max = MAX_RANGE_DAYS[args.bucket];
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (days > max) {
    const hint = args.bucket === 'HOUR' ? ' or use bucket: DAY' : '';
    throw invalidInput(
      'from',
      `onlineMetrics with bucket ${args.bucket} covers at most ${max} days; ${from.toISOString()} to ${to.toISOString()} ` + `is ${Math.ceil(days)} days: narrow from/to${hint}`,
    );
  }
  return { from, to };
}

/** a group's name as a person reads it */
function groupName(c: MetricsCounts, groupBy: OnlineGroupBy): string {
  if (groupBy === 'ARM') return `experiment ${c.experimentId}: ${c.arm ?? '(no arm)'}`;
  const strategy = apiName(c.strategy ?? '');
  return groupBy === 'MODEL_VERSION' ? `${strategy} ${c.modelVersionId ? `v${c.modelVersionId}` : '(no version)'}` : strategy;
}

/**
 * onlineMetrics: PostgreSQL counts per group and bucket (ImpressionRepository.counts); here only
 * the rates and their 95% Wilson intervals are worked out from those counts.
 */
export async function onlineMetrics(repo: ImpressionRepository, args: OnlineMetricsArgs): Promise<OnlineMetricsRow[]> {
  const { from, to } = metricsRange(args);
  const counts = await repo.counts(from, to, GROUPING[args.groupBy], args.bucket === 'HOUR' ? 'hour' : 'day');
  return counts.map((c) => {
    const ctr = wilsonInterval(c.clicks, c.impressions);
    const conv = wilsonInterval(c.conversions, c.impressions);
    return {
      group: groupName(c, args.groupBy),
      strategy: c.strategy === null ? null : apiName(c.strategy),
      modelVersionId: c.modelVersionId,
      experimentId: c.experimentId,
      arm: c.arm,
      bucketStart: c.bucketStart,
      impressions: c.impressions,
      clicks: c.clicks,
      conversions: c.conversions,
      ctr: ctr.rate,
      ctrLow: ctr.low,
      ctrHigh: ctr.high,
      conversionRate: conv.rate,
      conversionRateLow: conv.low,
      conversionRateHigh: conv.high,
    };
  });
}
