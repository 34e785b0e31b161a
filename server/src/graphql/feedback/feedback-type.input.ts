import { Field, Float, InputType } from 'type-graphql';
import { FeedbackPolarity, WEIGHT_APPLIES } from './feedback-type.type';

@InputType({ description: 'Declares a feedback type, or changes the weight and polarity of one (same name).' })
export class FeedbackTypeInput {
  @Field(() => String, { description: 'lower-case word of 1–32 letters or "_" (view, add_to_cart…); not "rating"' })
  name: string;

  @Field(() => Float, { description: `> 0 and ≤ 1000. ${WEIGHT_APPLIES}` })
  weight: number;

  @Field(() => FeedbackPolarity)
  polarity: FeedbackPolarity;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'a positive event of this type on a recommended item counts as a conversion (and a click) in onlineMetrics; left out: false for a new type, unchanged for an existing one',
  })
  conversion?: boolean | null;
}
