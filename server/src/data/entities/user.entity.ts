import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Constraint names are PostgreSQL's own (from the migration's inline constraints), so the schema check compares like with like. */
@Entity('users')
@Unique('users_external_id_key', ['externalId'])
@Check('users_external_id_check', 'length(external_id) BETWEEN 1 AND 128')
export class UserEntity {
  /** internal key; bigint comes back from pg as a string */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'users_pkey' })
  id: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  /** the caller's segments/tags for the user */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  labels: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
