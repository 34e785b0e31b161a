import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../id.scalar';
import type { TasteMapResult } from '../../services/taste-map.service';
import type { Context } from '../context';
import { notFound } from '../errors';
import { ItemType } from '../item/item.type';
import { Strategy } from '../recommendation/strategy.enum';
import { StrategyInfoType } from '../strategy/strategy.type';
import { userNotFound } from '../user/user.resolver';
import { TasteMapItemType, TasteMapPointType, TasteMapType } from './taste-map.type';

const toType = (m: TasteMapResult): TasteMapType =>
  Object.assign(new TasteMapType(), {
    strategy: m.strategy,
    modelVersionId: m.modelVersionId,
    explainedVariance: m.explainedVariance,
    items: m.items.map((p) => Object.assign(new TasteMapItemType(), p)),
    user: m.user && Object.assign(new TasteMapPointType(), m.user),
  });

@Resolver(() => TasteMapType)
export class TasteMapResolver {
  @Query(() => TasteMapType, {
    description:
      "A 2-D map of the catalog in a factor model's space (top two principal components of its item factors, computed once per model version): " +
      "the `limit` most popular items, plus the user's rated items and current top-10 from that strategy, flagged; and the user's position.",
  })
  async tasteMap(
    @Ctx() ctx: Context,
    @Arg('strategy', () => Strategy) strategy: string,
    @Arg('userId', () => ID, { nullable: true }) userId?: string | null,
    @Arg('limit', () => Int, { defaultValue: 500 }) limit: number = 500,
  ): Promise<TasteMapType> {
    let user = null;
    if (userId != null) {
      user = await ctx.loaders.userById.load(userId);
      if (!user) throw userNotFound(userId);
    }
    return toType(await ctx.services.tasteMaps.map(strategy, user, limit));
  }
}

@Resolver(() => TasteMapItemType)
export class TasteMapItemResolver {
  @FieldResolver(() => ItemType)
  async item(@Root() p: TasteMapItemType, @Ctx() ctx: Context): Promise<ItemType> {
    const row = await ctx.loaders.itemByKey.load(p.itemKey);
    if (!row) throw notFound('the mapped item no longer exists');
    return ItemType.from(row);
  }
}

@Resolver(() => StrategyInfoType)
export class StrategyTasteMapResolver {
  @FieldResolver(() => Boolean, { description: 'Query.tasteMap can draw it: its served model has latent factors' })
  hasTasteMap(@Root() s: StrategyInfoType, @Ctx() ctx: Context): boolean {
    return ctx.services.tasteMaps.mappable().includes(s.name);
  }
}
