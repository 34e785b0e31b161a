import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ExperimentEntity } from './experiment.entity';
import { UserEntity } from './user.entity';

/** One recommendation list as served (sampled): who saw it, what answered, its items in order (position = index + 1). */
@Entity('impressions')
@Index('impressions_created', ['createdAt'])
@Index('impressions_by_user', ['userId'])
export class ImpressionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'impressions_pkey' })
  id: string;

  /** null for lists not asked for a user (popularItems, similarItems) */
  @Column({ name: 'user_id', type: 'bigint', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'impressions_user_id_fkey' })
  user?: UserEntity | null;

  /** the engine's lower-case name, as model_versions.strategy */
  @Column({ type: 'text' })
  strategy: string;

  @Column({ name: 'model_version_id', type: 'bigint', nullable: true })
  modelVersionId: string | null;

  /** its foreign key comes with the experiments migration */
  @Column({ name: 'experiment_id', type: 'bigint', nullable: true })
  experimentId: string | null;

  @ManyToOne(() => ExperimentEntity, { nullable: true })
  @JoinColumn({ name: 'experiment_id', foreignKeyConstraintName: 'impressions_experiment_id_fkey' })
  experiment?: ExperimentEntity | null;

  @Column({ type: 'text', nullable: true })
  arm: string | null;

  @Column({ name: 'item_ids', type: 'bigint', array: true })
  itemIds: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** turned true by the first attributed click (a conversion is one too): the rollup counts that flip */
  @Column({ type: 'boolean', default: false })
  clicked: boolean;

  @Column({ type: 'boolean', default: false })
  converted: boolean;
}
