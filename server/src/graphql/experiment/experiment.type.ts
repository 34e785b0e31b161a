import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { ExperimentReport } from '../../services/experiment.service';
import { Strategy } from '../recommendation/strategy.enum';

export enum ExperimentMetric {
  CTR = 'CTR',
  CONVERSION = 'CONVERSION',
}
registerEnumType(ExperimentMetric, {
  name: 'ExperimentMetric',
  description: 'What decides an experiment: CTR = share of impressions with at least one click; CONVERSION = with at least one conversion.',
});

export enum ExperimentStatus {
  DRAFT = 'draft',
  RUNNING = 'running',
  STOPPED = 'stopped',
}
registerEnumType(ExperimentStatus, { name: 'ExperimentStatus', description: 'DRAFT → RUNNING → STOPPED; a stopped experiment never runs again.' });

@ObjectType('ExperimentArm', { description: 'One arm: what serves it, its traffic, and its live figures.' })
export class ExperimentArmType {
  @Field(() => String) name: string;
  @Field(() => Strategy) strategy: string;
  @Field(() => ID, { nullable: true, description: "the pinned model version; null serves the strategy's active one" }) modelVersionId: string | null;
  @Field(() => Float, { description: 'share of AUTO requests assigned to this arm' }) traffic: number;
  @Field(() => Int, { description: 'lists served by this arm (sampled impressions)' }) impressions: number;
  @Field(() => Int, { description: 'impressions with at least one attributed click (a conversion is a click too), as onlineMetrics counts them' }) clicks: number;
  @Field(() => Int, { description: 'impressions with at least one attributed conversion' }) conversions: number;
  @Field(() => Float, { nullable: true, description: "the experiment's metric: clicks / impressions (CTR) or conversions / impressions (CONVERSION); null before any impression" })
  rate: number | null;
  @Field(() => Float, { nullable: true, description: "lower bound of the rate's 95% Wilson interval" }) rateLow: number | null;
  @Field(() => Float, { nullable: true, description: "upper bound of the rate's 95% Wilson interval" }) rateHigh: number | null;
  @Field(() => Float, { nullable: true, description: 'posterior probability (Beta-Binomial) that this arm has the highest rate' }) probabilityBest: number | null;
}

@ObjectType('Experiment', { description: 'An A/B experiment: while it runs, AUTO requests are served by the arm each user is assigned to.' })
export class ExperimentType {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => ExperimentMetric) metric: ExperimentMetric;
  @Field(() => ExperimentStatus) status: ExperimentStatus;
  @Field(() => [ExperimentArmType]) arms: ExperimentArmType[];
  @Field(() => String, { nullable: true, description: 'the arm most likely to have the highest rate (null before any impression)' }) leader: string | null;
  @Field(() => Float, { nullable: true, description: 'posterior probability that the leader is best: Beta(1 + successes, 1 + failures) per arm, 40,000 fixed-seed draws (±0.005)' })
  probabilityLeaderIsBest: number | null;
  @Field(() => DateTimeResolver) createdAt: Date;
  @Field(() => DateTimeResolver, { nullable: true }) startedAt: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) stoppedAt: Date | null;

  static from(r: ExperimentReport): ExperimentType {
    return Object.assign(new ExperimentType(), {
      id: r.id,
      name: r.name,
      metric: r.metric as ExperimentMetric,
      status: r.status as ExperimentStatus,
      leader: r.leader,
      probabilityLeaderIsBest: r.probabilityLeaderIsBest,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      stoppedAt: r.stoppedAt,
      arms: r.arms.map((a) => Object.assign(new ExperimentArmType(), a)),
    });
  }
}
