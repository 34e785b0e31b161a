import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, InputType } from 'type-graphql';
import { LIMITS, RATING_VALUES } from '../../data/catalog-rules';
import { FEEDBACK_KIND_PATTERN } from '../../engine/dataset/feedback';
import { ID } from '../id.scalar';

const ID_RULE = { message: `$property must be 1–${LIMITS.id} characters` };

@InputType({ description: 'A new user; the id is yours to choose (1–128 characters, no surrounding spaces).' })
export class CreateUserInput {
  @Field(() => ID)
  @Length(1, LIMITS.id, ID_RULE)
  @Matches(/^\S(?:[\s\S]*\S)?$/, { message: 'id must not start or end with whitespace' })
  id: string;
}

/** the (user, item) pair every feedback input names, and the list it came from; not a GraphQL type of its own */
@InputType()
abstract class UserItemInput {
  @Field(() => ID)
  @Length(1, LIMITS.id, ID_RULE)
  userId: string;

  @Field(() => ID)
  @Length(1, LIMITS.id, ID_RULE)
  itemId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "the impressionId of the list the item was picked from (Recommendation.impressionId, Item.impressionId): a positive event within ATTRIBUTION_WINDOW_HOURS counts as that list's click or conversion; the result's attribution says how it counted. An unknown or expired id never fails the write",
  })
  @IsOptional()
  @Length(1, 64, { message: 'impressionId must be 1–64 characters' })
  impressionId?: string | null;
}

@InputType({ description: 'An explicit rating; rating again replaces the earlier one.' })
export class RateItemInput extends UserItemInput {
  @Field(() => Float, { description: '0.5–5 in half steps' })
  @IsIn([...RATING_VALUES], { message: 'rating must be between 0.5 and 5 in half steps (0.5, 1, 1.5, … 5)' })
  rating: number;
}

@InputType({ description: 'An implicit event (view, click, purchase, …); events accumulate.' })
export class RecordInteractionInput extends UserItemInput {
  @Field(() => String, { description: 'a declared feedback type (Query.feedbackTypes) such as view, click, purchase, dislike; not "rating": use rateItem' })
  @Matches(FEEDBACK_KIND_PATTERN, { message: 'kind must be a lower-case word of 1–32 letters or "_" (e.g. view, click, purchase)' })
  kind: string;

  @Field(() => Float, { nullable: true, description: "how much of the event (> 0, ≤ 1000; default 1): its type's weight multiplies it" })
  value?: number | null;

  @Field(() => Float, { nullable: true, deprecationReason: 'Use value: the same number (sending both with different numbers is refused).' })
  weight?: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'when it happened; defaults to now' })
  @IsOptional()
  occurredAt?: Date;

  @Field(() => String, { nullable: true, description: 'retrying with the same key never records the event twice' })
  @IsOptional()
  @Length(1, 200, { message: 'idempotencyKey must be 1–200 characters' })
  idempotencyKey?: string;
}
