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
  };
}
