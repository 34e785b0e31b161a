import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type Scope = 'read' | 'write' | 'admin';

/** An API key, stored only as the SHA-256 hash of a high-entropy random secret. */
@Entity('api_keys')
@Unique('api_keys_key_hash_key', ['keyHash'])
@Check('api_keys_name_check', `name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'`)
@Check('api_keys_scopes_check', `scopes <@ ARRAY['read', 'write', 'admin']::text[] AND cardinality(scopes) > 0`)
// a name identifies one live key; revoked keys keep their names for the record
@Index('api_keys_live_name', ['name'], { unique: true, where: 'revoked_at IS NULL' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'api_keys_pkey' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** the first characters of the key, shown to tell keys apart */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text', array: true })
  scopes: Scope[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
