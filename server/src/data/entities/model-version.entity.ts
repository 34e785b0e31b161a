import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ModelStatus = 'training' | 'ready' | 'failed' | 'pruned';

/** One trained model: metadata and metrics, and the serialized artifact (bytea). */
@Entity('model_versions')
export class ModelVersionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
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
}
