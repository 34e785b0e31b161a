import { Field, Float, Int, ObjectType } from 'type-graphql';
import { RatingBucket } from '../item/item.type';

@ObjectType('DatasetStats', { description: 'Size and shape of the data the models learn from.' })
export class DatasetStatsType {
  @Field(() => Int)
  users: number;

  @Field(() => Int)
  items: number;

  @Field(() => Int, { description: 'ratings plus implicit events' })
  interactions: number;

  @Field(() => Int, { description: 'explicit ratings only' })
  ratings: number;

  @Field(() => Float, { description: 'interactions / (users × items)' })
  density: number;

  @Field(() => [RatingBucket])
  ratingHistogram: RatingBucket[];

  @Field(() => [Int], { description: 'interactions per item, most popular first: the long-tail curve' })
  itemPopularity: number[];
}
