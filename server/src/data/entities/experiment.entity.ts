import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type ExperimentMetric = 'CTR' | 'CONVERSION';
export type ExperimentStatus = 'draft' | 'running' | 'stopped';

/** An A/B experiment between strategies (or pinned model versions): draft → running → stopped. */
@Entity('experiments')
@Unique('experiments_name_key', ['name'])
@Check('experiments_name_check', `length(name) BETWEEN 1 AND 100`)
@Check('experiments_metric_check', `metric IN ('CTR', 'CONVERSION')`)
@Check('experiments_status_check', `status IN ('draft', 'running', 'stopped')`)
// at most one running experiment
@Index('experiments_one_running', ['status'], { unique: true, where: `status = 'running'` })
export class ExperimentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'experiments_pkey' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  metric: ExperimentMetric;

  @Column({ type: 'text', default: 'draft' })
  status: ExperimentStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;
}
