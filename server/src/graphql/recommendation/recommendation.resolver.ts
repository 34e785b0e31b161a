import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../id.scalar';
import type { ListedItem, RecommendationResult } from '../../services/recommendation.service';
import { fallbackStrategy } from '../../services/strategies';
import type { Context } from '../context';
import { badInput, notFound } from '../errors';
import { ItemType } from '../item/item.type';
import { UserType } from '../user/user.type';
import { userNotFound } from '../user/user.resolver';
import { ListFilterArgs } from './list-filter.args';
import { RecommendationType, Strategy, StrategyRecommendations } from './recommendation.type';

const GENRE_DEPRECATION = 'Use categories: [genre].';

export const MAX_LIMIT = 100;

export function checkLimit(limit: number, field = 'limit'): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw badInput(field, `"${field}" must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  }
  return limit;
}

/**
 * A list as served: a fresh impression id (per request, for cached lists too), recorded with the
 * strategy and version that answered; each recommendation carries it and its 1-based position.
 */
function served(ctx: Context, userId: string | null, results: RecommendationResult[]): RecommendationType[] {
  const impressionId = impressionOf(ctx, userId, results);
  return results.map((r, i) =>
    Object.assign(new RecommendationType(), {
      itemKey: r.itemKey,
      score: r.score,
      strategy: r.strategy,
      reasons: r.reasons,
      impressionId,
      position: i + 1,
    }),
  );
}

/** the impression id of a list (the first item's strategy, version and arm stand for the list) */
function impressionOf(ctx: Context, userId: string | null, list: readonly (ListedItem | RecommendationResult)[]): string {
  const first = list[0] as RecommendationResult | undefined;
  const strategy = first?.strategy ?? fallbackStrategy();
  return ctx.services.impressions.served({
    userId,
    strategy,
    modelVersionId: first?.modelVersionId ?? ctx.services.recommendations.versionOf(strategy),
    experimentId: first?.experimentId ?? null,
    arm: first?.arm ?? null,
    itemKeys: list.map((r) => r.itemKey),
  });
}

/** the items of a similar or popular list, each with the list's impression id and its position */
async function servedItems(ctx: Context, list: ListedItem[]): Promise<ItemType[]> {
  const impressionId = impressionOf(ctx, null, list);
  const position = new Map(list.map((s, i) => [s.itemKey, i + 1]));
  const items = await loadItems(
    ctx,
    list.map((s) => s.itemKey),
  );
  return items.map((item) => Object.assign(item, { impressionId, position: position.get(item.key) ?? null }));
}

/** the user as this replica holds them in memory (read from the database on first use) */
async function heldUser(ctx: Context, userId: string) {
  const state = await ctx.services.recommendations.userState(userId);
  if (!state) throw userNotFound(userId);
  return state.row;
}

/** a listed item's row: from this replica's catalog in memory, from the database only when it is not there */
async function listedItem(ctx: Context, key: string) {
  return ctx.services.recommendations.catalog.row(key) ?? (await ctx.loaders.itemByKey.load(key));
}

async function loadItems(ctx: Context, keys: string[]): Promise<ItemType[]> {
  const catalog = ctx.services.recommendations.catalog;
  const missing = keys.filter((k) => !catalog.row(k));
  if (missing.length) await ctx.loaders.itemByKey.loadMany(missing);
  const rows = await Promise.all(keys.map((k) => listedItem(ctx, k)));
  return rows.flatMap((r) => (r ? [ItemType.from(r)] : []));
}

@Resolver(() => RecommendationType)
export class RecommendationResolver {
  @Query(() => [RecommendationType], {
    description: "A user's recommendations; already-rated, excluded, hidden and filtered-out items never appear.",
  })
  async recommendations(
    @Ctx() ctx: Context,
    @Arg('userId', () => ID) userId: string,
    @Arg('strategy', () => Strategy, { defaultValue: Strategy.AUTO }) strategy: string,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Args(() => ListFilterArgs) filters: ListFilterArgs,
    @Arg('excludeItemIds', () => [ID], { nullable: true }) excludeItemIds?: string[],
    @Arg('genre', () => String, { nullable: true, deprecationReason: GENRE_DEPRECATION }) genre?: string,
  ): Promise<RecommendationType[]> {
    checkLimit(limit);
    if (excludeItemIds && excludeItemIds.length > 1000) throw badInput('excludeItemIds', '"excludeItemIds" may hold at most 1000 ids');
    const args = { strategy, limit, excludeItemIds, genre, ...filters };
    // a list still valid in the cache needs neither the user's row nor its items' rows from the database
    const results = ctx.services.recommendations.cached(userId, args) ?? (await ctx.services.recommendations.recommend(await heldUser(ctx, userId), args, { withItems: true }));
    for (const r of results) if (r.item) ctx.loaders.itemByKey.prime(r.itemKey, r.item);
    return served(ctx, userId, results);
  }

  @Query(() => [StrategyRecommendations], { description: "The same user's top-N from every strategy, side by side." })
  async compareStrategies(
    @Ctx() ctx: Context,
    @Arg('userId', () => ID) userId: string,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
  ): Promise<StrategyRecommendations[]> {
    checkLimit(limit);
    const user = await heldUser(ctx, userId);
    const lists = await ctx.services.recommendations.compare(user, limit);
    return lists.map((l) => Object.assign(new StrategyRecommendations(), { strategy: l.strategy, recommendations: served(ctx, userId, l.recommendations) }));
  }

  @Query(() => [ItemType], { description: 'Items like this one (people who liked it also liked…); never hidden or filtered-out items.' })
  async similarItems(
    @Ctx() ctx: Context,
    @Arg('itemId', () => ID) itemId: string,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Args(() => ListFilterArgs) filters: ListFilterArgs,
  ): Promise<ItemType[]> {
    checkLimit(limit);
    const item = ctx.services.recommendations.catalog.keyOf(itemId) ?? (await ctx.loaders.itemById.load(itemId));
    if (!item) throw notFound(`No item has id "${itemId}". Search the catalog with items(search: "…") to find ids.`);
    return servedItems(ctx, ctx.services.recommendations.similarItems(itemId, { limit, ...filters }));
  }

  @Query(() => [ItemType], { description: 'Most popular items overall, or trending (recent, time-decayed); never hidden or filtered-out items.' })
  async popularItems(
    @Ctx() ctx: Context,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Arg('trending', () => Boolean, { defaultValue: false }) trending: boolean,
    @Args(() => ListFilterArgs) filters: ListFilterArgs,
    @Arg('genre', () => String, { nullable: true, deprecationReason: GENRE_DEPRECATION }) genre?: string,
  ): Promise<ItemType[]> {
    checkLimit(limit);
    return servedItems(ctx, ctx.services.recommendations.popularItems({ limit, trending, genre, ...filters }));
  }

  @FieldResolver(() => ItemType)
  async item(@Root() rec: RecommendationType, @Ctx() ctx: Context): Promise<ItemType> {
    const row = await listedItem(ctx, rec.itemKey);
    if (!row) throw notFound('the recommended item no longer exists');
    return ItemType.from(row);
  }
}

@Resolver(() => UserType)
export class UserRecommendationsResolver {
  @FieldResolver(() => [RecommendationType], { description: "This user's recommendations (same as Query.recommendations)." })
  async recommendations(
    @Root() user: UserType,
    @Ctx() ctx: Context,
    @Arg('strategy', () => Strategy, { defaultValue: Strategy.AUTO }) strategy: string,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Args(() => ListFilterArgs) filters: ListFilterArgs,
  ): Promise<RecommendationType[]> {
    checkLimit(limit);
    const row = { key: user.key, id: user.id, labels: user.labels, createdAt: user.createdAt };
    return served(ctx, user.id, await ctx.services.recommendations.recommend(row, { strategy, limit, ...filters }));
  }
}

@Resolver(() => ItemType)
export class ItemSimilarResolver {
  @FieldResolver(() => [ItemType], { description: 'Items like this one (as Query.similarItems).' })
  async similar(
    @Root() item: ItemType,
    @Ctx() ctx: Context,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Args(() => ListFilterArgs) filters: ListFilterArgs,
  ): Promise<ItemType[]> {
    checkLimit(limit);
    return servedItems(ctx, ctx.services.recommendations.similarItems(item.id, { limit, ...filters }));
  }
}
