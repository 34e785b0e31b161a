import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Notifier } from '../data/notifier';
import { ApiKeyRepository, KEYS_CHANNEL, type ApiKeyRow, type Scope } from '../data/repositories/api-key.repository';

/** how many keys a replica remembers (more are looked up in the database each time) */
const REMEMBERED_KEYS = 10_000;

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
  /**
   * key hash → its caller, or null once revoked: checked from memory per request. A key unknown here
   * is looked up (a key created a moment ago by the CLI works at once); what is held is forgotten
   * on a revocation's notification (from any replica or the CLI) and re-checked by a short poll.
   */
  private readonly held = new Map<string, Caller | null>();
  /** bumped when what is held is forgotten: a look-up begun before must not refill it */
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;

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

  async revoke(name: string): Promise<number> {
    const n = await this.repo.revoke(name);
    this.forget();
    return n;
  }

  /** follow revocations made anywhere: by notification at once, and by a re-check every `pollMs` */
  listen(notifier: Notifier, pollMs = 2000): void {
    notifier.on(KEYS_CHANNEL, () => this.forget());
    this.timer = setInterval(() => void this.recheck().catch(() => undefined), Math.min(pollMs, 2 ** 31 - 1));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  forget(): void {
    this.generation++;
    this.held.clear();
  }

  /** re-reads the keys held; any that changed (revoked without a notification reaching here) are dropped */
  private async recheck(): Promise<void> {
    const hashes = [...this.held.keys()];
    if (!hashes.length) return;
    const rows = new Map((await this.repo.byHashes(hashes)).map((r) => [r.hash, r]));
    for (const h of hashes) {
      const held = this.held.get(h);
      if (held === undefined) continue;
      const row = rows.get(h);
      const live = !row || row.revokedAt ? null : row.name;
      if ((held?.keyName ?? null) !== live) this.held.delete(h);
    }
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
    const hash = hashKey(key);
    const held = this.held.get(hash);
    if (held !== undefined) return held;
    const generation = this.generation;
    const row = await this.repo.byHash(hash);
    if (!row) return null;
    const caller = row.revokedAt ? null : { keyName: row.name, scopes: expandScopes(row.scopes) };
    if (generation === this.generation && this.held.size < REMEMBERED_KEYS) this.held.set(hash, caller);
    return caller;
  }
}
