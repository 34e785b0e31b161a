import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ItemEntity } from './item.entity';
import { UserEntity } from './user.entity';

/** An explicit rating (kind 'rating', value 0.5–5) or an implicit event of a declared feedback type (view, click, purchase…). */
@Entity('interactions')
@Unique('interactions_idempotency_key_key', ['idempotencyKey'])
@Check('interactions_kind_check', `kind ~ '^[a-z][a-z_]{0,31}$'`)
// a rating's stars, or an implicit event's value (its feedback type's weight multiplies it)
@Check('interactions_value_check', `CASE WHEN kind = 'rating' THEN value >= 0.5 AND value <= 5 ELSE value > 0 AND value <= 1000 END`)
// one rating per (user, item); implicit events accumulate
@Index('interactions_one_rating', ['userId', 'itemId'], { unique: true, where: `kind = 'rating'` })
// (user_id, occurred_at DESC) in the migration: TypeORM's index metadata has no column order
@Index('interactions_by_user', ['userId', 'occurredAt'])
@Index('interactions_by_item', ['itemId'])
@Index('interactions_created', ['createdAt'])
@Index('interactions_by_kind', ['kind'])
export class InteractionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'interactions_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'interactions_user_id_fkey' })
  user?: UserEntity;

  @Column({ name: 'item_id', type: 'bigint' })
  itemId: string;

  @ManyToOne(() => ItemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'interactions_item_id_fkey' })
  item?: ItemEntity;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'real' })
  value: number;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
