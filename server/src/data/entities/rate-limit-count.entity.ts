import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Requests one subject (`key:<name>` or `ip:<address>`) made in one fixed minute, summed over replicas. */
@Entity('rate_limit_counts')
@Index('rate_limit_counts_window', ['windowStart'])
export class RateLimitCountEntity {
  @PrimaryColumn({ type: 'text' })
  subject: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  hits: number;
}
