import path from 'node:path';
import { repoRoot } from './paths';

/** Every setting the server reads, from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  /** when unset, an embedded PostgreSQL is started with its data in dataDir */
  databaseUrl?: string;
  dataDir: string;
  nodeEnv: string;
  logLevel: string;
  /** AUTO uses a personalized model from this many interactions on */
  minInteractions: number;
  /** load the demo catalog into an empty database at start */
  seedDemo: boolean;
  demoSeed: number;
  /** queries need a key with scope read (mutations always need write/admin) */
  requireKeyForReads: boolean;
  /** requests per minute per API key, and per client IP for calls without a key; 0 = off */
  rateLimitPerMinute: number;
  maxQueryDepth: number;
  /** estimated fields resolved, list sizes multiplied */
  maxQueryCost: number;
  maxBodyBytes: number;
  introspection: boolean;
  graphqlIde: boolean;
  /** hand the bundled web client a write key while bound to loopback */
  webClientKey: boolean;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = env.DATA_DIR ? path.resolve(env.DATA_DIR) : path.join(repoRoot(), '.data');
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    nodeEnv: env.NODE_ENV || 'production',
    logLevel: env.LOG_LEVEL || 'info',
    minInteractions: int(env, 'MIN_INTERACTIONS', 5, 1, 10_000),
    seedDemo: bool(env, 'SEED_DEMO', true),
    demoSeed: int(env, 'DEMO_SEED', 42, 0, 2 ** 31 - 1),
    requireKeyForReads: bool(env, 'REQUIRE_KEY_FOR_READS', false),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 10, 2, 100),
    maxQueryCost: int(env, 'MAX_QUERY_COST', 20_000, 10, 10_000_000),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_000_000, 1_000, 100_000_000),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', true),
    graphqlIde: bool(env, 'GRAPHQL_IDE', true),
    webClientKey: bool(env, 'WEB_CLIENT_KEY', true),
  };
}
