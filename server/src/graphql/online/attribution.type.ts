import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { Attribution, AttributionOutcome as Outcome } from '../../services/impressions/attribution';

export const AttributionOutcome: Record<Outcome, Outcome> = {
  CLICK: 'CLICK',
  CONVERSION: 'CONVERSION',
  UNKNOWN_IMPRESSION: 'UNKNOWN_IMPRESSION',
  EXPIRED: 'EXPIRED',
  NOT_IN_IMPRESSION: 'NOT_IN_IMPRESSION',
  NOT_POSITIVE: 'NOT_POSITIVE',
};

registerEnumType(AttributionOutcome, {
  name: 'AttributionOutcome',
  description: 'What an event that named an impressionId counted as. The event itself is stored whatever the outcome.',
  valuesConfig: {
    CLICK: { description: "a click for the impression's strategy, version, arm and position (a repeat on the same item still counts once)" },
    CONVERSION: { description: 'a conversion (the feedback type is marked conversion: true); it counts as a click too' },
    UNKNOWN_IMPRESSION: { description: 'no such impression: never served, not sampled (IMPRESSION_SAMPLE_RATE), or already pruned' },
    EXPIRED: { description: 'the impression is older than ATTRIBUTION_WINDOW_HOURS' },
    NOT_IN_IMPRESSION: { description: 'the item was not in that list, or the list was shown to another user' },
    NOT_POSITIVE: { description: 'the event is not positive (a negative or neutral feedback type, or a rating below 3.5)' },
  },
});

@ObjectType('Attribution', { description: 'How an event that named an impressionId was attributed.' })
export class AttributionType {
  @Field(() => AttributionOutcome)
  outcome: Outcome;

  @Field(() => ID)
  impressionId: string;

  @Field(() => Int, { nullable: true, description: "the item's 1-based position in the impression's list, when it was in it" })
  position: number | null;

  static from(a: Attribution | null | undefined): AttributionType | null {
    return a ? Object.assign(new AttributionType(), { outcome: a.outcome, impressionId: a.impressionId, position: a.position }) : null;
  }
}
