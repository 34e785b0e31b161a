import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ID } from '../id.scalar';
import type { Context } from '../context';
import { checkLimit } from '../recommendation/recommendation.resolver';
import { CreateExperimentInput } from './experiment.input';
import { ExperimentType } from './experiment.type';

@Resolver(() => ExperimentType)
export class ExperimentResolver {
  @Query(() => ExperimentType, { description: "One experiment with each arm's live figures and the leader." })
  async experiment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ExperimentType> {
    return ExperimentType.from(await ctx.services.experiments.report(id));
  }

  @Query(() => [ExperimentType], { description: 'Experiments, newest first, with their figures.' })
  async experiments(@Ctx() ctx: Context, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number): Promise<ExperimentType[]> {
    checkLimit(limit);
    const rows = await ctx.services.experiments.list(limit);
    return Promise.all(rows.map(async (r) => ExperimentType.from(await ctx.services.experiments.reportOf(r))));
  }

  @Authorized('admin')
  @Mutation(() => ExperimentType, { description: 'Creates an experiment as a draft (scope admin); startExperiment runs it.' })
  async createExperiment(@Arg('input', () => CreateExperimentInput) input: CreateExperimentInput, @Ctx() ctx: Context): Promise<ExperimentType> {
    const row = await ctx.services.experiments.create({
      name: input.name,
      metric: input.metric,
      arms: input.arms.map((a) => ({ name: a.name, strategy: a.strategy, modelVersionId: a.modelVersionId ?? null, traffic: a.traffic })),
    });
    return ExperimentType.from(await ctx.services.experiments.reportOf(row));
  }

  @Authorized('admin')
  @Mutation(() => ExperimentType, { description: 'Runs a draft experiment on every replica (scope admin); one runs at a time (CONFLICT otherwise).' })
  async startExperiment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ExperimentType> {
    return ExperimentType.from(await ctx.services.experiments.reportOf(await ctx.services.experiments.start(id)));
  }

  @Authorized('admin')
  @Mutation(() => ExperimentType, { description: 'Stops an experiment (scope admin): AUTO is itself again; the figures stay. It cannot run again.' })
  async stopExperiment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ExperimentType> {
    return ExperimentType.from(await ctx.services.experiments.reportOf(await ctx.services.experiments.stopExperiment(id)));
  }
}
