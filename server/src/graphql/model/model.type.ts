import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../id.scalar';
import type { ModelVersionRow } from '../../data/repositories/model-version.repository';
import type { TrainingJobRow } from '../../data/repositories/training-job.repository';
import { apiName } from '../../services/strategies';
import { Strategy } from '../recommendation/strategy.enum';

export enum ModelStatus {
  TRAINING = 'training',
  READY = 'ready',
  FAILED = 'failed',
  PRUNED = 'pruned',
}
registerEnumType(ModelStatus, { name: 'ModelStatus', description: 'PRUNED: metadata kept, artifact dropped (cannot be activated).' });

export enum JobStatus {
  QUEUED = 'queued',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(JobStatus, { name: 'JobStatus' });

@ObjectType('ModelMetrics', { description: "Offline evaluation on a held-out 20% of each user's interactions (never the training data)." })
export class ModelMetricsType {
  @Field(() => Int) k: number;
  @Field(() => Float, { nullable: true }) rmse: number | null;
  @Field(() => Float, { nullable: true }) mae: number | null;
  @Field(() => Float, { nullable: true }) precisionAtK: number | null;
  @Field(() => Float, { nullable: true }) recallAtK: number | null;
  @Field(() => Float, { nullable: true }) ndcgAtK: number | null;
  @Field(() => Float, { nullable: true }) mapAtK: number | null;
  @Field(() => Float, { nullable: true }) hitRateAtK: number | null;
  @Field(() => Float, { nullable: true }) coverage: number | null;
  @Field(() => Float, { nullable: true }) novelty: number | null;
}

@ObjectType('HistoryBucketMetrics', { description: "A version's held-out NDCG@K for users with a history length in one of AUTO's buckets (AUTO_BUCKETS)." })
export class HistoryBucketMetricsType {
  @Field(() => String, { description: 'none, short or long' }) bucket: string;
  @Field(() => String, { description: 'the history lengths it covers, e.g. "5–19"' }) interactions: string;
  @Field(() => Int, { description: 'held-out users measured in it (AUTO trusts a bucket from 30 on)' }) users: number;
  @Field(() => Float, { nullable: true }) ndcgAtK: number | null;
}

@ObjectType('ModelVersion')
export class ModelVersionType {
  @Field(() => ID) id: string;
  @Field(() => Strategy) strategy: string;
  @Field(() => ModelStatus) status: ModelStatus;
  @Field(() => Boolean, { description: 'the version new requests are served from (one per strategy)' }) active: boolean;
  @Field(() => JSONResolver, { nullable: true }) params: Record<string, unknown> | null;
  @Field(() => ModelMetricsType, { nullable: true }) metrics: ModelMetricsType | null;
  /** the stored metrics JSON as it is (with `byHistory`), for historyBuckets */
  metricsJson: Record<string, unknown> | null;
  @Field(() => DateTimeResolver) createdAt: Date;
  @Field(() => DateTimeResolver, { nullable: true }) activatedAt: Date | null;
  @Field(() => Float, { nullable: true, description: 'seconds to fit the served model' }) trainedSeconds: number | null;
  @Field(() => String, { nullable: true, description: 'why it was or was not activated automatically' }) statusReason: string | null;
  @Field(() => ID, { nullable: true }) trainingJobId: string | null;

  static from(r: ModelVersionRow): ModelVersionType {
    return Object.assign(new ModelVersionType(), {
      id: r.id,
      strategy: apiName(r.strategy),
      status: r.status as ModelStatus,
      active: r.active,
      params: r.params,
      metrics: r.metrics as unknown as ModelMetricsType,
      metricsJson: r.metrics,
      createdAt: r.createdAt,
      activatedAt: r.activatedAt,
      trainedSeconds: r.trainedSeconds,
      statusReason: r.statusReason,
      trainingJobId: r.trainingJobId,
    });
  }
}

@ObjectType('TrainingJob', { description: 'A training run, queued in PostgreSQL and run off the request path.' })
export class TrainingJobType {
  @Field(() => ID) id: string;
  @Field(() => Strategy) strategy: string;
  @Field(() => JobStatus) status: JobStatus;
  @Field(() => String, { nullable: true }) stage: string | null;
  @Field(() => Float, { description: '0–1' }) progress: number;
  @Field(() => Int, { nullable: true }) epoch: number | null;
  @Field(() => Float, { nullable: true }) loss: number | null;
  @Field(() => String, { nullable: true, description: 'why it failed' }) error: string | null;
  @Field(() => String, { description: 'requested, initial, scheduled or new-data' }) reason: string;
  @Field(() => JSONResolver, { nullable: true }) params: Record<string, unknown> | null;
  @Field(() => DateTimeResolver) createdAt: Date;
  @Field(() => DateTimeResolver, { nullable: true }) startedAt: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) finishedAt: Date | null;
  modelVersionId: string | null;

  static from(r: TrainingJobRow): TrainingJobType {
    return Object.assign(new TrainingJobType(), {
      id: r.id,
      strategy: apiName(r.strategy),
      status: r.status as JobStatus,
      stage: r.stage,
      progress: r.progress,
      epoch: r.epoch,
      loss: r.loss,
      error: r.error,
      reason: r.reason,
      params: r.params,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      modelVersionId: r.modelVersionId,
    });
  }
}
