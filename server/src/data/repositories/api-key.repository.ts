import { In, IsNull, type DataSource, type Repository } from 'typeorm';
import { ApiKeyEntity, type Scope } from '../entities/api-key.entity';
import { notify } from '../notify';

/** a key was revoked: every replica forgets what it remembered of keys (sent on commit) */
export const KEYS_CHANNEL = 'tastegraph_keys';

export type { Scope };

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

const toRow = (e: ApiKeyEntity): ApiKeyRow => ({
  id: e.id,
  name: e.name,
  prefix: e.prefix,
  scopes: e.scopes,
  createdAt: e.createdAt,
  revokedAt: e.revokedAt ?? null,
});

/** API keys, through TypeORM (administrative CRUD, off the hot path: keys are cached by the service). */
export class ApiKeyRepository {
  private readonly repo: Repository<ApiKeyEntity>;

  constructor(private readonly ds: DataSource) {
    this.repo = ds.getRepository(ApiKeyEntity);
  }

  /** a live key with the same name fails with PostgreSQL's unique violation (code 23505) */
  async insert(name: string, hash: string, prefix: string, scopes: Scope[]): Promise<ApiKeyRow> {
    const key = this.repo.create({ name, keyHash: hash, prefix, scopes, revokedAt: null });
    await this.repo.insert(key); // fills in id and created_at from RETURNING
    return toRow(key);
  }

  async byHash(hash: string): Promise<ApiKeyRow | null> {
    const key = await this.repo.findOneBy({ keyHash: hash });
    return key && toRow(key);
  }

  async revoke(name: string): Promise<number> {
    const { affected } = await this.repo.update({ name, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if (affected) await notify(this.ds, KEYS_CHANNEL, name);
    return affected ?? 0;
  }

  /** the keys of these hashes as stored now (the per-replica key cache re-checks what it holds) */
  async byHashes(hashes: readonly string[]): Promise<(ApiKeyRow & { hash: string })[]> {
    if (!hashes.length) return [];
    return (await this.repo.findBy({ keyHash: In([...hashes]) })).map((e) => ({ ...toRow(e), hash: e.keyHash }));
  }

  async list(): Promise<ApiKeyRow[]> {
    return (await this.repo.find({ order: { id: 'ASC' } })).map(toRow);
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
