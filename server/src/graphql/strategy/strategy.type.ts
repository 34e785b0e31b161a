import { JSONResolver } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import type { StrategyInfo, StrategyParamInfo } from '../../services/strategies';
import { Strategy } from '../recommendation/strategy.enum';

@ObjectType('StrategyParam', { description: 'A trainable parameter: its range and default (trainModel refuses values outside).' })
export class StrategyParamType {
  @Field(() => String) name: string;
  @Field(() => String, { description: 'integer, number or choice' }) kind: string;
  @Field(() => Float, { nullable: true, description: 'smallest allowed value (numbers)' }) min: number | null;
  @Field(() => Float, { nullable: true, description: 'largest allowed value (numbers)' }) max: number | null;
  @Field(() => Boolean, { description: 'min itself is not allowed' }) minExclusive: boolean;
  @Field(() => JSONResolver, { description: 'the value used when none is given (a number, or one of choices)' }) default: number | string;
  @Field(() => [String], { nullable: true, description: 'allowed values (choice)' }) choices: string[] | null;
  @Field(() => String) description: string;

  static from(p: StrategyParamInfo): StrategyParamType {
    return Object.assign(new StrategyParamType(), p);
  }
}

@ObjectType('StrategyInfo', { description: "A strategy as the engine's registry declares it." })
export class StrategyInfoType {
  @Field(() => Strategy) name: string;
  @Field(() => String) description: string;
  @Field(() => Boolean, { description: 'lists differ per user' }) personalized: boolean;
  @Field(() => Boolean, { description: "predicts ratings on the data's scale (RMSE is measured)" }) predictsRatings: boolean;
  @Field(() => Boolean, { description: 'ranks items for top-N lists' }) ranks: boolean;
  @Field(() => Boolean, { description: 'has a model of its own that trainModel trains (false for AUTO)' }) trainable: boolean;
  @Field(() => [StrategyParamType]) params: StrategyParamType[];

  static from(s: StrategyInfo): StrategyInfoType {
    return Object.assign(new StrategyInfoType(), { ...s, params: s.params.map(StrategyParamType.from) });
  }
}
