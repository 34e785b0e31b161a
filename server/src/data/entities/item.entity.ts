import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('items')
@Unique('items_external_id_key', ['externalId'])
@Check('items_external_id_check', 'length(external_id) BETWEEN 1 AND 128')
// the migration builds it with gin_trgm_ops (ILIKE '%…%' search), an operator class TypeORM cannot declare
@Index('items_title_trgm', ['title'], { type: 'gin' })
@Index('items_genres_gin', ['genres'], { type: 'gin' })
export class ItemEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'items_pkey' })
  id: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  genres: string[];

  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
