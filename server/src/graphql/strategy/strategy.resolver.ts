import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { describeStrategies } from '../../services/strategies';
import type { Context } from '../context';
import { StrategyInfoType } from './strategy.type';

@Resolver(() => StrategyInfoType)
export class StrategyResolver {
  @Query(() => [StrategyInfoType], { description: 'Every strategy, in the order clients should show them (AUTO last), with its trainable parameters.' })
  strategies(): StrategyInfoType[] {
    return describeStrategies().map(StrategyInfoType.from);
  }

  @FieldResolver(() => Boolean, { description: 'this server has a model of it loaded (AUTO: every model is)' })
  served(@Root() s: StrategyInfoType, @Ctx() ctx: Context): boolean {
    return s.trainable ? ctx.services.recommendations.get(s.name) !== undefined : ctx.services.recommendations.ready;
  }
}
