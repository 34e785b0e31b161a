import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A catalog item: a movie in the demo, a product, an article… (categories, publication time, attributes are the caller's). */
@Entity('items')
@Unique('items_external_id_key', ['externalId'])
@Check('items_external_id_check', 'length(external_id) BETWEEN 1 AND 128')
@Check('items_title_check', 'length(title) BETWEEN 1 AND 500')
@Check('items_description_check', 'length(description) <= 10000')
// the migration builds it with gin_trgm_ops (ILIKE '%…%' search), an operator class TypeORM cannot declare
@Index('items_title_trgm', ['title'], { type: 'gin' })
@Index('items_categories_gin', ['categories'], { type: 'gin' })
@Index('items_hidden', ['id'], { where: 'hidden' })
export class ItemEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'items_pkey' })
  id: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories: string[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** never recommended nor similar, still readable by id */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @Column({ type: 'jsonb', nullable: true })
  attributes: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
