import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A training job in the PostgreSQL queue (claimed with FOR UPDATE SKIP LOCKED, kept alive by a heartbeat). */
@Entity('training_jobs')
@Check('training_jobs_status_check', `status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
@Check('training_jobs_progress_check', 'progress >= 0 AND progress <= 1')
@Index('training_jobs_queued', ['id'], { where: `status = 'queued'` })
// automatic retrains queue at most one job per strategy, even from several replicas at once
@Index('training_jobs_one_automatic', ['strategy'], { unique: true, where: `status = 'queued' AND reason <> 'requested'` })
// (created_at DESC) in the migration
@Index('training_jobs_recent', ['createdAt'])
export class TrainingJobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'training_jobs_pkey' })
  id: string;

  @Column({ type: 'text' })
  strategy: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: Record<string, unknown>;

  @Column({ type: 'text', default: 'queued' })
  status: JobStatus;

  @Column({ type: 'text', nullable: true })
  stage: string | null;

  @Column({ type: 'real', default: 0 })
  progress: number;

  @Column({ type: 'integer', nullable: true })
  epoch: number | null;

  @Column({ type: 'double precision', nullable: true })
  loss: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** 'requested' by an administrator, or why it was queued automatically (initial, scheduled, new-data) */
  @Column({ type: 'text', default: 'requested' })
  reason: string;

  @Column({ name: 'model_version_id', type: 'bigint', nullable: true })
  modelVersionId: string | null;

  @ManyToOne(() => ModelVersionEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'model_version_id', foreignKeyConstraintName: 'training_jobs_model_version_id_fkey' })
  modelVersion?: ModelVersionEntity | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId: string | null;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;
}
