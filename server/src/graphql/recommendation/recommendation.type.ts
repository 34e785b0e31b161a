import { Field, Float, ObjectType } from 'type-graphql';
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
}

@ObjectType('StrategyRecommendations')
export class StrategyRecommendations {
  @Field(() => Strategy)
  strategy: string;

  @Field(() => [RecommendationType])
  recommendations: RecommendationType[];
}
