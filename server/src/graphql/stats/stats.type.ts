import { Field, Float, Int, ObjectType } from 'type-graphql';
import { FeedbackPolarity } from '../feedback/feedback-type.type';
import { RatingBucket } from '../item/item.type';

@ObjectType('FeedbackTypeCount', { description: 'Interactions recorded with one kind.' })
export class FeedbackTypeCountType {
  @Field(() => String, { description: 'a feedback type\'s name, "rating", or a kind no type declares any more' })
  kind: string;

  @Field(() => FeedbackPolarity, { nullable: true, description: 'null for "rating" (explicit stars) and for undeclared kinds' })
  polarity: FeedbackPolarity | null;

  @Field(() => Int)
  count: number;
}

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

  @Field(() => [FeedbackTypeCountType], {
    description: 'interactions per kind, most first: every declared feedback type (0 when unused), "rating", and any undeclared kind still present',
  })
  interactionsByType: FeedbackTypeCountType[];

  @Field(() => [Int], { description: 'interactions per item, most popular first: the long-tail curve' })
  itemPopularity: number[];
}
