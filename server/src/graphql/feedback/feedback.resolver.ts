import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { notFound } from '../errors';
import { ItemType } from '../item/item.type';
import { RatingType, UserType } from '../user/user.type';
import { CreateUserInput, RateItemInput, RecordInteractionInput } from './feedback.input';
import { InteractionType } from './feedback.type';
import { AttributionType } from '../online/attribution.type';

const itemOf = async (ctx: Context, key: string) => {
  const row = await ctx.loaders.itemByKey.load(key);
  if (!row) throw notFound('the item no longer exists');
  return ItemType.from(row);
};

@Resolver()
export class FeedbackResolver {
  @Authorized('write')
  @Mutation(() => UserType, { description: 'Creates a user (scope write). The id is yours to choose.' })
  async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context): Promise<UserType> {
    return UserType.from(await ctx.services.feedback.createUser(input.id));
  }

  @Authorized('write')
  @Mutation(() => RatingType, { description: 'Rates an item 0.5–5 in half steps (scope write); re-rating replaces.' })
  async rateItem(@Arg('input', () => RateItemInput) input: RateItemInput, @Ctx() ctx: Context): Promise<RatingType> {
    const row = await ctx.services.feedback.rateItem(input.userId, input.itemId, input.rating, input.impressionId);
    return Object.assign(new RatingType(), {
      itemKey: row.itemKey,
      userKey: row.userKey,
      rating: row.value,
      ratedAt: row.occurredAt,
      attribution: AttributionType.from(row.attribution),
    });
  }

  @Authorized('write')
  @Mutation(() => InteractionType, { description: 'Records an implicit event (scope write); idempotent per idempotencyKey.' })
  async recordInteraction(@Arg('input', () => RecordInteractionInput) input: RecordInteractionInput, @Ctx() ctx: Context): Promise<InteractionType> {
    return InteractionType.from(await ctx.services.feedback.recordInteraction(input));
  }

  @Authorized('write')
  @Mutation(() => [InteractionType], { description: 'Records up to 1,000 events in one transaction: all or nothing (scope write).' })
  async recordInteractions(@Arg('inputs', () => [RecordInteractionInput]) inputs: RecordInteractionInput[], @Ctx() ctx: Context): Promise<InteractionType[]> {
    return (await ctx.services.feedback.recordInteractions(inputs)).map(InteractionType.from);
  }
}

@Resolver(() => InteractionType)
export class InteractionResolver {
  @FieldResolver(() => ItemType)
  item(@Root() i: InteractionType, @Ctx() ctx: Context): Promise<ItemType> {
    return itemOf(ctx, i.itemKey);
  }
}
