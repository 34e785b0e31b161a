import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Impressions, clicked and converted impressions per UTC hour and group, kept by the write path so
 * onlineMetrics never scans impressions. No nulls in the key: 0 = no version / experiment, '' = no arm.
 */
@Entity('impression_rollup')
@Check('impression_rollup_impressions_check', 'impressions >= 0')
@Check('impression_rollup_clicks_check', 'clicks >= 0')
@Check('impression_rollup_conversions_check', 'conversions >= 0')
export class ImpressionRollupEntity {
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'impression_rollup_pkey' })
  hour: Date;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'impression_rollup_pkey' })
  strategy: string;

  @PrimaryColumn({ name: 'model_version_id', type: 'bigint', default: 0, primaryKeyConstraintName: 'impression_rollup_pkey' })
  modelVersionId: string;

  @PrimaryColumn({ name: 'experiment_id', type: 'bigint', default: 0, primaryKeyConstraintName: 'impression_rollup_pkey' })
  experimentId: string;

  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'impression_rollup_pkey' })
  arm: string;

  @Column({ type: 'integer', default: 0 })
  impressions: number;

  @Column({ type: 'integer', default: 0 })
  clicks: number;

  @Column({ type: 'integer', default: 0 })
  conversions: number;
}
