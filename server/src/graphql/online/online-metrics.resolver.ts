import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { OnlineGroupBy as GroupBy, TimeBucket as Bucket } from '../../services/impressions/online-metrics';
import type { Context } from '../context';
import { OnlineGroupBy, OnlineMetricsRowType, TimeBucket } from './online-metrics.type';

@Resolver()
export class OnlineMetricsResolver {
  @Query(() => [OnlineMetricsRowType], {
    description:
      'Impressions, clicks and conversions per group and time bucket, with CTR and conversion rate and their 95% Wilson ' +
      'intervals. from defaults to 7 days before to; to defaults to now. At most 31 days of HOUR buckets or 366 days of DAY buckets.',
  })
  async onlineMetrics(
    @Ctx() ctx: Context,
    // type-graphql lists arguments last parameter first: the SDL reads (from, to, groupBy, bucket)
    @Arg('bucket', () => TimeBucket) bucket: Bucket,
    @Arg('groupBy', () => OnlineGroupBy) groupBy: GroupBy,
    @Arg('to', () => DateTimeResolver, { nullable: true }) to: Date | null | undefined,
    @Arg('from', () => DateTimeResolver, { nullable: true }) from: Date | null | undefined,
  ): Promise<OnlineMetricsRowType[]> {
    const rows = await ctx.services.impressions.onlineMetrics({ from: from ?? null, to: to ?? null, groupBy, bucket });
    return rows.map((r) => Object.assign(new OnlineMetricsRowType(), r));
  }
}
