import { JSONResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ID } from '../id.scalar';
import type { Context } from '../context';
import { checkLimit } from '../recommendation/recommendation.resolver';
import { Strategy } from '../recommendation/strategy.enum';
import { HistoryBucketMetricsType, ModelVersionType, TrainingJobType } from './model.type';

@Resolver(() => ModelVersionType)
export class ModelResolver {
  @Query(() => [ModelVersionType], { description: 'Trained model versions, newest first, with their offline metrics.' })
  async models(
    @Ctx() ctx: Context,
    @Arg('strategy', () => Strategy, { nullable: true }) strategy?: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit?: number,
  ): Promise<ModelVersionType[]> {
    checkLimit(limit!);
    return (await ctx.services.models.listVersions(strategy ?? null, limit!)).map(ModelVersionType.from);
  }

  @Query(() => ModelVersionType)
  async modelVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ModelVersionType> {
    return ModelVersionType.from(await ctx.services.models.version(id));
  }

  @FieldResolver(() => [HistoryBucketMetricsType], {
    description: 'held-out NDCG@K by history bucket: what AUTO compares (empty figures for versions trained before it was recorded)',
  })
  historyBuckets(@Root() v: ModelVersionType, @Ctx() ctx: Context): HistoryBucketMetricsType[] {
    return ctx.services.recommendations.bucketMetrics(v.metricsJson).map((b) => Object.assign(new HistoryBucketMetricsType(), b));
  }

  @FieldResolver(() => Boolean, { description: 'this server process is answering requests from this version right now' })
  serving(@Root() v: ModelVersionType, @Ctx() ctx: Context): boolean {
    return ctx.services.recommendations.get(v.strategy)?.versionId === v.id;
  }

  @Authorized('admin')
  @Mutation(() => ModelVersionType, { description: 'Serves this version for its strategy on every replica (scope admin); also rollback.' })
  async activateModel(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ModelVersionType> {
    return ModelVersionType.from(await ctx.services.models.activate(id));
  }
}

@Resolver(() => TrainingJobType)
export class TrainingJobResolver {
  @Query(() => TrainingJobType, { description: 'One training job: poll it for stage, progress, epoch and loss.' })
  async trainingJob(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<TrainingJobType> {
    return TrainingJobType.from(await ctx.services.models.job(id));
  }

  @Query(() => [TrainingJobType], { description: 'Recent training jobs, newest first.' })
  async trainingJobs(
    @Ctx() ctx: Context,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
    @Arg('strategy', () => Strategy, { nullable: true }) strategy?: string,
  ): Promise<TrainingJobType[]> {
    checkLimit(limit);
    return (await ctx.services.models.recentJobs(limit, strategy ?? null)).map(TrainingJobType.from);
  }

  @Authorized('admin')
  @Mutation(() => TrainingJobType, { description: 'Queues a training run (scope admin) and returns at once; poll trainingJob(id).' })
  async trainModel(
    @Ctx() ctx: Context,
    @Arg('strategy', () => Strategy) strategy: string,
    @Arg('params', () => JSONResolver, { nullable: true, validate: false }) params?: unknown,
  ): Promise<TrainingJobType> {
    return TrainingJobType.from(await ctx.services.models.train(strategy, params));
  }

  @Authorized('admin')
  @Mutation(() => TrainingJobType, { description: 'Cancels a queued or running job (scope admin); the active model keeps serving.' })
  async cancelTrainingJob(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<TrainingJobType> {
    return TrainingJobType.from(await ctx.services.models.cancel(id));
  }

  @FieldResolver(() => ModelVersionType, { nullable: true, description: 'the version this job produced' })
  async modelVersion(@Root() job: TrainingJobType, @Ctx() ctx: Context): Promise<ModelVersionType | null> {
    return job.modelVersionId ? ModelVersionType.from(await ctx.services.models.version(job.modelVersionId)) : null;
  }
}
