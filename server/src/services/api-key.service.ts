import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiKeyRepository, type ApiKeyRow, type Scope } from '../data/repositories/api-key.repository';

export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

/** admin includes write includes read */
export function expandScopes(scopes: readonly Scope[]): Set<Scope> {
  const out = new Set<Scope>(scopes);
  if (out.has('admin')) out.add('write');
  if (out.has('write')) out.add('read');
  return out;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface Caller {
  keyName: string;
  scopes: Set<Scope>;
}

export class KeyError extends Error {}

/**
 * API keys: `tg_` + 32 random bytes (base64url). Only the SHA-256 hash is stored: a leaked
 * database does not leak keys. A key is shown once, when created.
 */
export class ApiKeyService {
  private readonly repo: ApiKeyRepository;
  /** an in-memory key (never stored) the server may hand its own pages when bound to loopback */
  private localKey: { key: string; caller: Caller } | null = null;

  constructor(pool: ConstructorParameters<typeof ApiKeyRepository>[0]) {
    this.repo = new ApiKeyRepository(pool);
  }

  async create(name: string, scope: Scope): Promise<{ key: string; row: ApiKeyRow }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
      throw new KeyError(`key name "${name}" must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit`);
    }
    if (!SCOPES.includes(scope)) throw new KeyError(`scope must be one of ${SCOPES.join(', ')}, got "${scope}"`);
    const key = `tg_${randomBytes(32).toString('base64url')}`;
    try {
      const row = await this.repo.insert(name, hashKey(key), key.slice(0, 7), [scope]);
      return { key, row };
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new KeyError(`a live key named "${name}" already exists; revoke it first or pick another name`);
      throw e;
    }
  }

  revoke(name: string): Promise<number> {
    return this.repo.revoke(name);
  }

  list(): Promise<ApiKeyRow[]> {
    return this.repo.list();
  }

  async hasAnyKey(): Promise<boolean> {
    return (await this.repo.count()) > 0;
  }

  createLocalKey(scope: Scope): string {
    const key = `tg_local_${randomBytes(24).toString('base64url')}`;
    this.localKey = { key, caller: { keyName: 'web-local', scopes: expandScopes([scope]) } };
    return key;
  }

  /** the caller a key identifies, or null when it is unknown or revoked */
  async authenticate(key: string): Promise<Caller | null> {
    if (this.localKey && key.length === this.localKey.key.length && timingSafeEqual(Buffer.from(key), Buffer.from(this.localKey.key))) {
      return this.localKey.caller;
    }
    if (!/^tg_[A-Za-z0-9_-]{20,100}$/.test(key)) return null;
    const row = await this.repo.byHash(hashKey(key));
    if (!row || row.revokedAt) return null;
    return { keyName: row.name, scopes: expandScopes(row.scopes) };
  }
}
