import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../id.scalar';
import type { Context } from '../context';
import { notFound } from '../errors';
import { toConnection } from '../pagination';
import { ItemInput } from './item.input';
import { ItemConnection, ItemType, RatingBucket } from './item.type';

@Resolver(() => ItemType)
export class ItemResolver {
  @Query(() => ItemType, { description: 'One item by its id; NOT_FOUND when there is none.' })
  async item(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ItemType> {
    const row = await ctx.loaders.itemById.load(id);
    if (!row) throw notFound(`No item has id "${id}". Search the catalog with items(search: "…") to find ids.`);
    return ItemType.from(row);
  }

  @Query(() => ItemConnection, { description: 'The catalog, newest-imported last; filter by title search and genre.' })
  async items(
    @Ctx() ctx: Context,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('genre', () => String, { nullable: true }) genre?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ItemConnection> {
    return toConnection(ItemConnection, await ctx.services.catalog.listItems({ search, genre, first, after }), ItemType.from);
  }

  @Query(() => [String], { description: 'Every genre in the catalog, alphabetically.' })
  async genres(@Ctx() ctx: Context): Promise<string[]> {
    return (await ctx.services.catalog.genres()).map((g) => g.genre);
  }

  @Authorized('write')
  @Mutation(() => [ItemType], {
    description:
      'Inserts or updates up to 1,000 items by id in one transaction (scope write): all or nothing, the first bad entry ' +
      'is BAD_USER_INPUT naming inputs[n].field. A new item is recommendable at once (popularity and trending; the other ' +
      'strategies once it has interactions or after retraining); hiding, categories and publishedAt apply to every list at once.',
  })
  async upsertItems(@Arg('inputs', () => [ItemInput]) inputs: ItemInput[], @Ctx() ctx: Context): Promise<ItemType[]> {
    return (await ctx.services.catalog.upsertItems(inputs)).map(ItemType.from);
  }

  @Authorized('write')
  @Mutation(() => ID, {
    description: 'Deletes an item and every interaction with it (scope write); no list shows it from then on. Returns its id; NOT_FOUND when there is none.',
  })
  deleteItem(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.catalog.deleteItem(id);
  }

  @FieldResolver(() => Int, { description: 'number of explicit ratings' })
  async ratingCount(@Root() item: ItemType, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.itemStats.load(item.key)).ratingCount;
  }

  @FieldResolver(() => Number, { nullable: true, description: 'mean explicit rating, null when unrated' })
  async averageRating(@Root() item: ItemType, @Ctx() ctx: Context): Promise<number | null> {
    return (await ctx.loaders.itemStats.load(item.key)).averageRating;
  }

  @FieldResolver(() => [RatingBucket], { description: 'count of ratings per star value' })
  ratingDistribution(@Root() item: ItemType, @Ctx() ctx: Context): Promise<RatingBucket[]> {
    return ctx.services.catalog.ratingDistribution(item.key);
  }
}
