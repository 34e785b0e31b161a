import type { Pool } from 'pg';
import { main as keyCli } from '../src/cli/key';
import { createKey, openPool } from './support/api-keys';
import { waitFor } from './support/child-server';
import { startTestServer, type TestServer } from './support/server';

/** API keys and scopes over real HTTP; no demo data needed (createUser and plain reads suffice). */
let open: TestServer; // defaults: reads open, bound to 127.0.0.1, web client key on
let locked: TestServer; // REQUIRE_KEY_FOR_READS=true, no web client key
let pool: Pool;
let lockedPool: Pool;

beforeAll(async () => {
  [open, locked] = await Promise.all([startTestServer(), startTestServer({ requireKeyForReads: true, webClientKey: false })]);
  pool = openPool(open.db.url);
  lockedPool = openPool(locked.db.url);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await lockedPool?.end();
  await open?.close();
  await locked?.close();
});

let userSeq = 0;
const createUser = (ts: TestServer, headers: Record<string, string> = {}) =>
  ts.gql(`mutation($id: ID!) { createUser(input: { id: $id }) { id } }`, { id: `u${++userSeq}` }, headers);
const userExists = async (id: string) => (await pool.query(`SELECT 1 FROM users WHERE external_id = $1`, [id])).rowCount === 1;

/** runs the key CLI module against a database; returns its exit code and output */
async function cli(argv: string[], url: string) {
  let stdout = '';
  let stderr = '';
  const code = await keyCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: url } });
  return { code, stdout, stderr };
}

describe('mutations need a key with scope write', () => {
  it('without a key: UNAUTHENTICATED, saying how to get one, nothing written', async () => {
    const res = await createUser(open);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(/Authorization: Bearer/);
    expect(await userExists(`u${userSeq}`)).toBe(false);
  });

  it('a read-scope key: FORBIDDEN, nothing written', async () => {
    const { headers } = await createKey(pool, 'read');
    const res = await createUser(open, headers);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.errors![0].message).toMatch(/write/);
    expect(await userExists(`u${userSeq}`)).toBe(false);
  });

  it('write and admin keys can write', async () => {
    for (const scope of ['write', 'admin'] as const) {
      const { headers } = await createKey(pool, scope);
      const res = await createUser(open, headers);
      expect(res.errors).toBeUndefined();
      expect(await userExists(`u${userSeq}`)).toBe(true);
    }
  });

  it('an unknown or malformed key is UNAUTHENTICATED even on a read', async () => {
    for (const authorization of ['Bearer tg_thisKeyWasNeverIssuedByTheServer123', 'Bearer', 'Basic abc']) {
      const res = await open.gql(`{ genres }`, {}, { authorization });
      expect(res.status).toBe(401);
      expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('the key CLI', () => {
  it('create prints the key as the last line of stdout, and that key works', async () => {
    const out = await cli(['create', '--scope', 'write', '--name', 'cli-writer'], open.db.url);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    const key = lines[lines.length - 1];
    expect(key).toMatch(/^tg_[A-Za-z0-9_-]{20,}$/);
    const res = await createUser(open, { authorization: `Bearer ${key}` });
    expect(res.errors).toBeUndefined();
  });

  it('a revoked key is UNAUTHENTICATED; revoking an unknown name exits 1', async () => {
    const created = await cli(['create', '--scope', 'admin', '--name', 'to-revoke'], open.db.url);
    const key = created.stdout.trim().split('\n').pop()!;
    const headers = { authorization: `Bearer ${key}` };
    expect((await createUser(open, headers)).errors).toBeUndefined();

    const revoked = await cli(['revoke', 'to-revoke'], open.db.url);
    expect(revoked.code).toBe(0);
    // the CLI is another process: the server hears of it by notification (or its 2 s re-check);
    // wait on a read that carries the key, then the write must be refused and write nothing
    await waitFor('the server to refuse the revoked key', async () => (await open.gql(`{ genres }`, {}, headers)).status === 401, 10_000);
    const res = await createUser(open, headers);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0].message).toMatch(/revoked/);
    expect(await userExists(`u${userSeq}`)).toBe(false);

    expect((await cli(['revoke', 'no-such-key'], open.db.url)).code).toBe(1);
    expect((await cli(['create', '--scope', 'root', '--name', 'x'], open.db.url)).code).toBe(2);
  });

  it('list shows keys in creation order, revoked ones marked', async () => {
    const names = Array.from({ length: 11 }, (_, n) => `order-${String(n).padStart(2, '0')}`);
    for (const name of names) await createKey(pool, 'read', name);
    const out = await cli(['list'], open.db.url);
    expect(out.code).toBe(0);
    const listed = out.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]);
    expect(listed.filter((n) => n.startsWith('order-'))).toEqual(names);
    expect(out.stdout).toMatch(/^to-revoke\t.*\trevoked /m);
  });

  it('keys are stored only as hashes: no key string appears anywhere in api_keys', async () => {
    const keys = [(await createKey(pool, 'write')).key];
    const created = await cli(['create', '--scope', 'read', '--name', 'hash-check'], open.db.url);
    keys.push(created.stdout.trim().split('\n').pop()!);
    const { rows } = await pool.query(`SELECT t::text AS row FROM api_keys t`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const dump = rows.map((r) => r.row).join('\n');
    for (const key of keys) {
      expect(dump).not.toContain(key);
      expect(dump).not.toContain(key.slice(3, 20)); // not even a large part of the secret
    }
  });
});

describe('REQUIRE_KEY_FOR_READS=true', () => {
  it('a query without a key is UNAUTHENTICATED; a read key (or write key) may read', async () => {
    const res = await locked.gql(`{ genres }`);
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
    for (const scope of ['read', 'write'] as const) {
      const { headers } = await createKey(lockedPool, scope);
      const ok = await locked.gql(`{ genres datasetStats { users } }`, {}, headers);
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.datasetStats.users).toBe(0);
    }
  });

  it('reads stay open on the default server', async () => {
    const res = await open.gql(`{ datasetStats { users } }`);
    expect(res.errors).toBeUndefined();
  });
});

describe('/client-config.json', () => {
  it('bound to 127.0.0.1 it hands the web client a working write key (not stored in the database)', async () => {
    const cfg = (await (await fetch(`${open.url}/client-config.json`)).json()) as { apiKey: string };
    expect(typeof cfg.apiKey).toBe('string');
    const res = await createUser(open, { authorization: `Bearer ${cfg.apiKey}` });
    expect(res.errors).toBeUndefined();
    expect(await userExists(`u${userSeq}`)).toBe(true);
    const { rows } = await pool.query(`SELECT t::text AS row FROM api_keys t`);
    expect(rows.map((r) => r.row).join('\n')).not.toContain(cfg.apiKey);
  });

  it('with webClientKey: false the key is null', async () => {
    const cfg = await (await fetch(`${locked.url}/client-config.json`)).json();
    expect(cfg).toMatchObject({ apiKey: null, requireKeyForReads: true });
  });
});

describe('viewer', () => {
  it('says who is calling and with which effective scopes, never the key', async () => {
    const anonymous = await open.gql(`{ viewer { authenticated keyName scopes } }`);
    expect(anonymous.data!.viewer).toEqual({ authenticated: false, keyName: null, scopes: [] });
    const admin = await createKey(pool, 'admin');
    const res = await open.gql(`{ viewer { authenticated keyName scopes } }`, {}, admin.headers);
    expect(res.data!.viewer).toMatchObject({ authenticated: true, scopes: ['read', 'write', 'admin'] });
    expect(JSON.stringify(res.data)).not.toContain(admin.headers.authorization.slice(7));
    const writer = await createKey(pool, 'write');
    expect((await open.gql(`{ viewer { scopes } }`, {}, writer.headers)).data!.viewer.scopes).toEqual(['read', 'write']);
  });
});
