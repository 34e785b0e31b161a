import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Requests one subject (`key:<name>` or `ip:<address>`) made in one fixed minute, summed over replicas. */
@Entity('rate_limit_counts')
@Check('rate_limit_counts_hits_check', 'hits >= 0')
@Index('rate_limit_counts_window', ['windowStart'])
export class RateLimitCountEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'rate_limit_counts_pkey' })
  subject: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz', primaryKeyConstraintName: 'rate_limit_counts_pkey' })
  windowStart: Date;

  @Column({ type: 'integer' })
  hits: number;
}
