import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../id.scalar';
import { Strategy } from '../recommendation/strategy.enum';
import type { OnlineGroupBy as GroupBy, TimeBucket as Bucket } from '../../services/impressions/online-metrics';

export const OnlineGroupBy: Record<GroupBy, GroupBy> = { STRATEGY: 'STRATEGY', MODEL_VERSION: 'MODEL_VERSION', ARM: 'ARM' };
export const TimeBucket: Record<Bucket, Bucket> = { HOUR: 'HOUR', DAY: 'DAY' };

registerEnumType(OnlineGroupBy, {
  name: 'OnlineGroupBy',
  description: 'What onlineMetrics counts separately.',
  valuesConfig: {
    STRATEGY: { description: 'the strategy that answered (AUTO resolved to the one it chose)' },
    MODEL_VERSION: { description: 'the model version that answered' },
    ARM: { description: "an experiment's arm (impressions outside experiments are left out)" },
  },
});
registerEnumType(TimeBucket, {
  name: 'TimeBucket',
  description: 'Time buckets of onlineMetrics, in UTC.',
  valuesConfig: { HOUR: { description: 'one hour (a range of at most 31 days)' }, DAY: { description: 'one UTC day (a range of at most 366 days)' } },
});

@ObjectType('OnlineMetricsRow', {
  description:
    'Live counts for one group and time bucket. Rates are per impression: an impression with at least one click is one click. ' + 'Intervals are 95% Wilson score intervals.',
})
export class OnlineMetricsRowType {
  @Field(() => String, { description: 'the group: a strategy ("SVD"), a version ("SVD v12"), or an arm ("experiment 3: treatment")' })
  group: string;

  @Field(() => Strategy, { nullable: true, description: 'the strategy (null when grouped by ARM)' })
  strategy: string | null;

  @Field(() => ID, { nullable: true })
  modelVersionId: string | null;

  @Field(() => ID, { nullable: true })
  experimentId: string | null;

  @Field(() => String, { nullable: true })
  arm: string | null;

  @Field(() => DateTimeResolver, { description: 'the start of the bucket (UTC)' })
  bucketStart: Date;

  @Field(() => Int, { description: 'lists served (and sampled)' })
  impressions: number;

  @Field(() => Int, { description: 'impressions with at least one attributed click (a conversion is a click too)' })
  clicks: number;

  @Field(() => Int, { description: 'impressions with at least one attributed conversion' })
  conversions: number;

  @Field(() => Float, { description: 'clicks / impressions' })
  ctr: number;

  @Field(() => Float)
  ctrLow: number;

  @Field(() => Float)
  ctrHigh: number;

  @Field(() => Float, { description: 'conversions / impressions' })
  conversionRate: number;

  @Field(() => Float)
  conversionRateLow: number;

  @Field(() => Float)
  conversionRateHigh: number;
}
