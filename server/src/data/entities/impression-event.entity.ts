import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ImpressionEntity } from './impression.entity';

/** A click or a conversion attributed to an item of an impression; the key makes a repeat count once. */
@Entity('impression_events')
@Check('impression_events_position_check', 'position >= 1')
@Check('impression_events_kind_check', `kind IN ('click', 'conversion')`)
export class ImpressionEventEntity {
  @PrimaryColumn({ name: 'impression_id', type: 'uuid', primaryKeyConstraintName: 'impression_events_pkey' })
  impressionId: string;

  @ManyToOne(() => ImpressionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'impression_id', foreignKeyConstraintName: 'impression_events_impression_id_fkey' })
  impression?: ImpressionEntity;

  @PrimaryColumn({ name: 'item_id', type: 'bigint', primaryKeyConstraintName: 'impression_events_pkey' })
  itemId: string;

  @Column({ type: 'integer' })
  position: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'impression_events_pkey' })
  kind: 'click' | 'conversion';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
