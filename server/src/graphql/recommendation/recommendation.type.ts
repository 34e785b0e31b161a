import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ID } from '../id.scalar';
import { ItemType } from '../item/item.type';
import { Strategy } from './strategy.enum';

export { Strategy } from './strategy.enum';

@ObjectType('Recommendation')
export class RecommendationType {
  itemKey: string;

  @Field(() => ItemType)
  item: ItemType;

  @Field(() => Float, { description: "the model's score; higher is better (comparable within one list only)" })
  score: number;

  @Field(() => Strategy, { description: 'the strategy that produced this recommendation (AUTO resolves to one)' })
  strategy: string;

  @Field(() => [String], { description: 'why, in words a person understands' })
  reasons: string[];

  @Field(() => ID, {
    description:
      'the id of this list as served (the same for every item of it, new on every request): pass it as impressionId to rateItem or recordInteraction(s) so the event counts as a click on this list',
  })
  impressionId: string;

  @Field(() => Int, { description: 'the 1-based position of the item in the list returned' })
  position: number;
}

@ObjectType('StrategyRecommendations')
export class StrategyRecommendations {
  @Field(() => Strategy)
  strategy: string;

  @Field(() => [RecommendationType])
  recommendations: RecommendationType[];
}
