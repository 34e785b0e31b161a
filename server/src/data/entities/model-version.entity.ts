import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ModelStatus = 'training' | 'ready' | 'failed' | 'pruned';

/** One trained model: metadata and metrics, and the serialized artifact (bytea). */
@Entity('model_versions')
@Check('model_versions_status_check', `status IN ('training', 'ready', 'failed', 'pruned')`)
@Check('active_needs_artifact', `NOT active OR (status = 'ready' AND artifact IS NOT NULL)`)
// at most one active version per strategy
@Index('model_versions_one_active', ['strategy'], { unique: true, where: 'active' })
// (strategy, created_at DESC) in the migration
@Index('model_versions_by_strategy', ['strategy', 'createdAt'])
export class ModelVersionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'model_versions_pkey' })
  id: string;

  @Column({ type: 'text' })
  strategy: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  metrics: Record<string, number | null> | null;

  @Column({ type: 'text', default: 'training' })
  status: ModelStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** not loaded by default: artifacts can be many megabytes */
  @Column({ type: 'bytea', nullable: true, select: false })
  artifact: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'trained_seconds', type: 'double precision', nullable: true })
  trainedSeconds: number | null;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** the moment the training data was read: users who wrote later are folded in when it is served */
  @Column({ name: 'data_snapshot_at', type: 'timestamptz', nullable: true })
  dataSnapshotAt: Date | null;

  /** the job that trained it; no foreign key (jobs may be pruned before their versions) */
  @Column({ name: 'training_job_id', type: 'bigint', nullable: true })
  trainingJobId: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;
}
