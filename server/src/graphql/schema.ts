import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth';
import { FeedbackResolver, InteractionResolver } from './feedback/feedback.resolver';
import { ItemResolver } from './item/item.resolver';
import { ViewerResolver } from './viewer/viewer.resolver';
import { ModelResolver, TrainingJobResolver } from './model/model.resolver';
import { ItemSimilarResolver, RecommendationResolver, UserRecommendationsResolver } from './recommendation/recommendation.resolver';
import { syncStrategyEnum } from './recommendation/strategy.enum';
import { StatsResolver } from './stats/stats.resolver';
import { StrategyResolver } from './strategy/strategy.resolver';
import { StrategyTasteMapResolver, TasteMapItemResolver, TasteMapResolver } from './taste-map/taste-map.resolver';
import { RatingResolver, UserResolver } from './user/user.resolver';
// last: its Query and Mutation fields follow the older ones in the committed SDL
import { FeedbackTypeResolver } from './feedback/feedback-type.resolver';
import { OnlineMetricsResolver } from './online/online-metrics.resolver';
import { ExperimentResolver } from './experiment/experiment.resolver';

export const resolvers = [
  ItemResolver,
  ItemSimilarResolver,
  UserResolver,
  RatingResolver,
  StatsResolver,
  RecommendationResolver,
  UserRecommendationsResolver,
  FeedbackResolver,
  InteractionResolver,
  FeedbackTypeResolver,
  ModelResolver,
  TrainingJobResolver,
  ViewerResolver,
  StrategyResolver,
  TasteMapResolver,
  TasteMapItemResolver,
  StrategyTasteMapResolver,
  OnlineMetricsResolver,
  ExperimentResolver,
] as const;

/** The executable schema; its SDL is committed as server/schema.graphql (npm run schema -w server). */
export function createSchema(): Promise<GraphQLSchema> {
  // strategies registered since this module was loaded join the enum now
  syncStrategyEnum();
  return buildSchema({ resolvers, authChecker, validate: { forbidUnknownValues: false }, emitSchemaFile: false });
}
