import { Field, Float, InputType } from 'type-graphql';
import { ID } from '../id.scalar';
import { Strategy } from '../recommendation/strategy.enum';
import { ExperimentMetric } from './experiment.type';

@InputType({ description: 'One arm of an experiment.' })
export class ArmInput {
  @Field(() => String, { description: 'unique within the experiment, 1–100 characters' })
  name: string;

  @Field(() => Strategy, { description: 'any strategy but AUTO' })
  strategy: string;

  @Field(() => ID, { nullable: true, description: 'a ready version of that strategy to pin; left out: the active one' })
  modelVersionId?: string | null;

  @Field(() => Float, { description: "share of AUTO requests, > 0; the arms' shares sum to 1" })
  traffic: number;
}

@InputType({ description: 'An experiment to create (as a draft; startExperiment runs it).' })
export class CreateExperimentInput {
  @Field(() => String, { description: 'unique, 1–100 characters' })
  name: string;

  @Field(() => [ArmInput], { description: 'at least 2' })
  arms: ArmInput[];

  @Field(() => ExperimentMetric)
  metric: ExperimentMetric;
}
