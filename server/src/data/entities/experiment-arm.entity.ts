import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ExperimentEntity } from './experiment.entity';
import { ModelVersionEntity } from './model-version.entity';

/** One arm of an experiment, in order (`position` from 0: the cumulative traffic split reads it). */
@Entity('experiment_arms')
@Unique('experiment_arms_experiment_id_name_key', ['experimentId', 'name'])
@Check('experiment_arms_position_check', `position >= 0`)
@Check('experiment_arms_name_check', `length(name) BETWEEN 1 AND 100`)
@Check('experiment_arms_traffic_check', `traffic > 0 AND traffic <= 1`)
export class ExperimentArmEntity {
  @PrimaryColumn({ name: 'experiment_id', type: 'bigint', primaryKeyConstraintName: 'experiment_arms_pkey' })
  experimentId: string;

  @ManyToOne(() => ExperimentEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'experiment_id', foreignKeyConstraintName: 'experiment_arms_experiment_id_fkey' })
  experiment?: ExperimentEntity;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'experiment_arms_pkey' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  /** the engine's lower-case name, as model_versions.strategy */
  @Column({ type: 'text' })
  strategy: string;

  /** a pinned version; null serves the strategy's active one */
  @Column({ name: 'model_version_id', type: 'bigint', nullable: true })
  modelVersionId: string | null;

  @ManyToOne(() => ModelVersionEntity, { nullable: true })
  @JoinColumn({ name: 'model_version_id', foreignKeyConstraintName: 'experiment_arms_model_version_id_fkey' })
  modelVersion?: ModelVersionEntity | null;

  @Column({ type: 'double precision' })
  traffic: number;
}
