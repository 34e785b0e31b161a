import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { FeedbackTypeInput } from './feedback-type.input';
import { FeedbackTypeType, WEIGHT_APPLIES } from './feedback-type.type';

@Resolver(() => FeedbackTypeType)
export class FeedbackTypeResolver {
  @Query(() => [FeedbackTypeType], { description: 'The declared feedback types, by name: what recordInteraction(s) accepts as kind.' })
  async feedbackTypes(@Ctx() ctx: Context): Promise<FeedbackTypeType[]> {
    return (await ctx.services.feedbackTypes.list()).map(FeedbackTypeType.from);
  }

  @Authorized('admin')
  @Mutation(() => FeedbackTypeType, {
    description: `Declares a feedback type or changes one (scope admin). ${WEIGHT_APPLIES} No retraining is started.`,
  })
  async setFeedbackType(@Arg('input', () => FeedbackTypeInput) input: FeedbackTypeInput, @Ctx() ctx: Context): Promise<FeedbackTypeType> {
    return FeedbackTypeType.from(await ctx.services.feedbackTypes.set(input));
  }

  @FieldResolver(() => Int, { description: 'interactions recorded with this kind' })
  interactionCount(@Root() t: FeedbackTypeType, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.interactionsOfKind.load(t.name);
  }
}
