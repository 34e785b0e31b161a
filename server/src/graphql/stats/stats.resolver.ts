import { Ctx, FieldResolver, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { RatingBucket } from '../item/item.type';
import type { FeedbackPolarity } from '../feedback/feedback-type.type';
import { DatasetStatsType, FeedbackTypeCountType } from './stats.type';

@Resolver(() => DatasetStatsType)
export class StatsResolver {
  @Query(() => DatasetStatsType)
  async datasetStats(@Ctx() ctx: Context): Promise<DatasetStatsType> {
    return Object.assign(new DatasetStatsType(), await ctx.services.stats.datasetStats());
  }

  @FieldResolver(() => [RatingBucket])
  ratingHistogram(@Ctx() ctx: Context): Promise<RatingBucket[]> {
    return ctx.services.stats.ratingHistogram();
  }

  @FieldResolver(() => [FeedbackTypeCountType])
  async interactionsByType(@Ctx() ctx: Context): Promise<FeedbackTypeCountType[]> {
    return (await ctx.services.stats.interactionsByType()).map((r) =>
      Object.assign(new FeedbackTypeCountType(), { kind: r.kind, polarity: r.polarity as FeedbackPolarity | null, count: r.count }),
    );
  }

  @FieldResolver(() => [Int])
  itemPopularity(@Ctx() ctx: Context): Promise<number[]> {
    return ctx.services.stats.itemPopularityCurve();
  }
}
