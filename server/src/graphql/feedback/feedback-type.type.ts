import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import type { FeedbackTypeRow } from '../../data/repositories/feedback-type.repository';

/** GraphQL names the engine's lower-case polarities (what the database stores) */
export enum FeedbackPolarity {
  POSITIVE = 'positive',
  NEGATIVE = 'negative',
  NEUTRAL = 'neutral',
}
registerEnumType(FeedbackPolarity, {
  name: 'FeedbackPolarity',
  description: 'How an event of a feedback type counts in training.',
  valuesConfig: {
    POSITIVE: { description: 'for the item: adds weight × value' },
    NEGATIVE: { description: "against the item: subtracts weight × value, and removes the item from that user's lists at once" },
    NEUTRAL: { description: 'stored and counted (dashboard), never learned from, and does not hide the item' },
  },
});

export const WEIGHT_APPLIES = 'Changing it applies from the next training (served models keep the weights they were trained with).';

@ObjectType('FeedbackType', { description: 'A declared kind of implicit event (view, purchase, dislike…) and how it counts in training.' })
export class FeedbackTypeType {
  @Field(() => String, { description: 'the kind events name in recordInteraction(s)' })
  name: string;

  @Field(() => Float, { description: `What one event of value 1 counts: an event adds weight × value (> 0, ≤ 1000), signed by polarity. ${WEIGHT_APPLIES}` })
  weight: number;

  @Field(() => FeedbackPolarity)
  polarity: FeedbackPolarity;

  @Field(() => Boolean, { description: 'a positive event of this type on a recommended item counts as a conversion (and a click) in onlineMetrics' })
  conversion: boolean;

  @Field(() => DateTimeResolver, { description: 'when it was declared or last changed' })
  updatedAt: Date;

  static from(r: FeedbackTypeRow): FeedbackTypeType {
    return Object.assign(new FeedbackTypeType(), { name: r.name, weight: r.weight, polarity: r.polarity as FeedbackPolarity, conversion: r.conversion, updatedAt: r.updatedAt });
  }
}
