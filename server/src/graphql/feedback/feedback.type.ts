import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { AttributedRow } from '../../services/feedback.service';
import { AttributionType } from '../online/attribution.type';

@ObjectType('Interaction', { description: 'An implicit event as recorded.' })
export class InteractionType {
  userKey: string;
  itemKey: string;

  @Field(() => ID)
  id: string;

  @Field(() => String)
  kind: string;

  @Field(() => Float, { description: "the event's value (its type's weight multiplies it in training)" })
  value: number;

  @Field(() => Float, { deprecationReason: 'Use value: the same number.' })
  weight: number;

  @Field(() => DateTimeResolver)
  occurredAt: Date;

  @Field(() => String, { nullable: true })
  idempotencyKey: string | null;

  @Field(() => Boolean, { description: 'false when this is a replay of an earlier write with the same idempotencyKey' })
  created: boolean;

  @Field(() => AttributionType, { nullable: true, description: 'how the event counted for the impression it named (null when it named none)' })
  attribution: AttributionType | null;

  static from(r: AttributedRow): InteractionType {
    return Object.assign(new InteractionType(), {
      userKey: r.userKey,
      itemKey: r.itemKey,
      id: r.key,
      kind: r.kind,
      value: r.value,
      weight: r.value,
      occurredAt: r.occurredAt,
      idempotencyKey: r.idempotencyKey,
      created: r.created,
      attribution: AttributionType.from(r.attribution),
    });
  }
}
