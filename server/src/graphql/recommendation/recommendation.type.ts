import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ItemType } from '../item/item.type';

export enum Strategy {
  POPULARITY = 'POPULARITY',
  USER_CF = 'USER_CF',
  SVD = 'SVD',
  AUTO = 'AUTO',
}

registerEnumType(Strategy, {
  name: 'Strategy',
  description: 'How recommendations are made.',
  valuesConfig: {
    POPULARITY: { description: 'Most popular items (Bayesian-average rating); the cold-start answer.' },
    USER_CF: { description: 'User-based collaborative filtering: what people with similar taste liked.' },
    SVD: { description: 'Latent-factor matrix factorization (biased SVD trained by SGD).' },
    AUTO: { description: 'Personalized when the user has enough history, else popularity.' },
  },
});

@ObjectType('Recommendation')
export class RecommendationType {
  itemKey: string;

  @Field(() => ItemType)
  item: ItemType;

  @Field(() => Float, { description: "the model's score; higher is better (comparable within one list only)" })
  score: number;

  @Field(() => Strategy, { description: 'the strategy that produced this recommendation (AUTO resolves to one)' })
  strategy: Strategy;

  @Field(() => [String], { description: 'why, in words a person understands' })
  reasons: string[];
}

@ObjectType('StrategyRecommendations')
export class StrategyRecommendations {
  @Field(() => Strategy)
  strategy: Strategy;

  @Field(() => [RecommendationType])
  recommendations: RecommendationType[];
}
