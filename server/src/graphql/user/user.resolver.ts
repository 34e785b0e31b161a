import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../id.scalar';
import type { Context } from '../context';
import { badInput, notFound } from '../errors';
import { ItemType } from '../item/item.type';
import { toConnection } from '../pagination';
import { UserInput } from './user.input';
import { RatingConnection, RatingType, UserType } from './user.type';

export const userNotFound = (id: string) => notFound(`No user has id "${id}". Create one with the createUser mutation: mutation { createUser(input: { id: "${id}" }) { id } }`);

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { description: 'One user by id; NOT_FOUND (with how to create one) when unknown.' })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserType> {
    const row = await ctx.loaders.userById.load(id);
    if (!row) throw userNotFound(id);
    return UserType.from(row);
  }

  @Query(() => [ID], { description: 'Existing user ids starting with a prefix (for id suggestions).' })
  userIds(@Ctx() ctx: Context, @Arg('prefix', () => String, { defaultValue: '' }) prefix: string, @Arg('limit', () => Int, { defaultValue: 10 }) limit: number): Promise<string[]> {
    if (limit < 1 || limit > 100) throw badInput('limit', `"limit" must be between 1 and 100, got ${limit}`);
    if (prefix.length > 128) throw badInput('prefix', '"prefix" must be at most 128 characters');
    return ctx.services.users.suggest(prefix, limit);
  }

  @Authorized('write')
  @Mutation(() => [UserType], {
    description: 'Inserts or updates up to 1,000 users by id in one transaction (scope write): all or nothing, the first bad entry is BAD_USER_INPUT naming inputs[n].field.',
  })
  async upsertUsers(@Arg('inputs', () => [UserInput]) inputs: UserInput[], @Ctx() ctx: Context): Promise<UserType[]> {
    return (await ctx.services.users.upsertUsers(inputs)).map(UserType.from);
  }

  @Authorized('write')
  @Mutation(() => ID, {
    description:
      'Erasure (scope write): deletes the user, every interaction of theirs and their cached lists at once; every served model ' +
      'on every replica forgets them within 2 s. Model versions trained before remain until retrained and pruned (README: Erasure). ' +
      'Returns the id; NOT_FOUND when there is none.',
  })
  deleteUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.users.deleteUser(id);
  }

  @FieldResolver(() => Int, { description: 'number of explicit ratings' })
  async ratingCount(@Root() user: UserType, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.userCounts.load(user.key)).ratingCount;
  }

  @FieldResolver(() => Int, { description: 'ratings plus implicit events (views, clicks, purchases…)' })
  async interactionCount(@Root() user: UserType, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.userCounts.load(user.key)).interactionCount;
  }

  @FieldResolver(() => RatingConnection, { description: 'explicit ratings, newest first' })
  async ratings(
    @Root() user: UserType,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<RatingConnection> {
    const { ratingCount } = await ctx.loaders.userCounts.load(user.key);
    const page = await ctx.services.users.ratings(user.key, ratingCount, first, after);
    return toConnection(RatingConnection, page, (r) => Object.assign(new RatingType(), r));
  }
}

@Resolver(() => RatingType)
export class RatingResolver {
  @FieldResolver(() => ItemType)
  async item(@Root() rating: RatingType, @Ctx() ctx: Context): Promise<ItemType> {
    const row = await ctx.loaders.itemByKey.load(rating.itemKey);
    if (!row) throw notFound('the rated item no longer exists');
    return ItemType.from(row);
  }
}
