import type { KernelMode } from './engine/kernels/kernel-mode';
import path from 'node:path';
import { DEFAULT_BUCKET_EDGES, type BucketEdges } from './engine/strategies/auto-choice';
import { modelEntries } from './engine/strategies/registry';
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
  /** AUTO's history-length buckets: none (< shortFrom), short (< longFrom), long */
  autoBuckets: BucketEdges;
  /** load the demo catalog into an empty database at start */
  seedDemo: boolean;
  demoSeed: number;
  /** queries need a key with scope read (mutations always need write/admin) */
  requireKeyForReads: boolean;
  /** requests per minute per API key, and per client IP for calls without a key; 0 = off */
  rateLimitPerMinute: number;
  /** how often each replica reconciles its rate-limit counts through PostgreSQL (ms) */
  rateLimitSyncMs: number;
  /** how long a write arriving at an idle server waits for others to commit with (ms; 0: same tick only) */
  writeGroupWaitMs: number;
  /** server-side statement timeout of the serving connections (ms); a query waits this + 250 ms at most */
  databaseStatementTimeoutMs: number;
  /** a new database connection, or the wait for a pooled one (ms) */
  databaseConnectTimeoutMs: number;
  maxQueryDepth: number;
  /** estimated fields resolved, list sizes multiplied */
  maxQueryCost: number;
  maxBodyBytes: number;
  introspection: boolean;
  graphqlIde: boolean;
  /** hand the bundled web client a write key while bound to loopback */
  webClientKey: boolean;
  /** Host names (optionally host:port) besides loopback whose requests get the web client's key */
  publicHosts: string[];
  /** browser origins allowed to call /graphql cross-origin (CORS); ['*'] = any; [] = no CORS headers */
  corsOrigins: string[];
  /** this process takes training jobs (off: serve only, run `npm run worker` elsewhere) */
  trainingWorker: boolean;
  /** the models AUTO chooses among: BEST = every served strategy; a strategy's API name = it and POPULARITY */
  autoStrategy: string;
  /** the engine's hot loops: the WebAssembly SIMD kernels, or the TypeScript reference */
  engineKernels: KernelMode;
  /** threads a training kernel may use (0: one per core) */
  engineThreads: number;
  /** metric that decides automatic activation of a new version, and the relative slack allowed */
  selectionMetric: string;
  selectionTolerance: number;
  /** inactive versions per strategy that keep their artifact for rollback */
  keepVersions: number;
  /** retrain every strategy this often (seconds; 0 = off) */
  retrainIntervalSeconds: number;
  /** retrain once this many interactions arrived since the active version's data (0 = off) */
  retrainAfterInteractions: number;
  /** fail a running job whose worker sent no heartbeat for this long */
  jobStaleSeconds: number;
  /** K of the @K metrics stored with each version */
  evalK: number;
  trainingSeed: number;
  /** the fraction of served lists whose impression is stored (0–1; decided by the impression id) */
  impressionSampleRate: number;
  /** impressions (and their clicks) older than this many days are pruned */
  impressionRetentionDays: number;
  /** an event counts for an impression at most this many hours after the list was served */
  attributionWindowHours: number;
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

function num(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return n;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, def: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!allowed.includes(raw as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/**
 * The engine's settings alone (ENGINE_KERNELS, ENGINE_THREADS), for the CLIs that run the engine
 * without a server (eval, bench:api's own server) and so validate nothing else of the environment.
 */
export function engineSettings(env: NodeJS.ProcessEnv): Pick<Config, 'engineKernels' | 'engineThreads'> {
  return {
    engineKernels: oneOf<KernelMode>(env, 'ENGINE_KERNELS', 'wasm', ['wasm', 'reference']),
    engineThreads: int(env, 'ENGINE_THREADS', 0, 0, 256),
  };
}

/** "0"/"off", seconds ("900"), or with a unit: "30s", "15m", "1h", "1d" */
function duration(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(off|0)$/i.test(raw)) return 0;
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/i.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must be a duration such as 900, 30m, 1h or off, got "${raw}"`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(m[1]) * unit;
  if (seconds < 10) throw new ConfigError(`${name} must be at least 10 seconds, got "${raw}"`);
  return seconds;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** a comma-separated list; blanks around entries and empty entries are ignored */
function list(env: NodeJS.ProcessEnv, name: string, check: (entry: string) => string): string[] {
  const raw = env[name];
  if (!raw?.trim()) return [];
  return [
    ...new Set(
      raw
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)
        .map(check),
    ),
  ];
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
    autoBuckets: autoBuckets(env),
    seedDemo: bool(env, 'SEED_DEMO', true),
    demoSeed: int(env, 'DEMO_SEED', 42, 0, 2 ** 31 - 1),
    requireKeyForReads: bool(env, 'REQUIRE_KEY_FOR_READS', false),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    rateLimitSyncMs: int(env, 'RATE_LIMIT_SYNC_MS', 1000, 50, 60_000),
    writeGroupWaitMs: int(env, 'WRITE_GROUP_WAIT_MS', 2, 0, 1000),
    databaseStatementTimeoutMs: int(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 1000, 100, 3_600_000),
    databaseConnectTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 1000, 100, 600_000),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 10, 2, 100),
    maxQueryCost: int(env, 'MAX_QUERY_COST', 20_000, 10, 10_000_000),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_000_000, 1_000, 100_000_000),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', true),
    graphqlIde: bool(env, 'GRAPHQL_IDE', true),
    webClientKey: bool(env, 'WEB_CLIENT_KEY', true),
    publicHosts: list(env, 'PUBLIC_HOSTS', publicHost),
    corsOrigins: corsOrigins(env),
    trainingWorker: bool(env, 'TRAINING_WORKER', true),
    ...engineSettings(env),
    autoStrategy: oneOf(env, 'AUTO_STRATEGY', 'BEST', [
      'BEST',
      ...modelEntries()
        .filter((e) => e.personalized)
        .map((e) => e.apiName),
    ]),
    selectionMetric: oneOf(env, 'MODEL_SELECTION_METRIC', 'ndcgAtK', ['ndcgAtK', 'precisionAtK', 'recallAtK', 'mapAtK', 'rmse', 'mae'] as const),
    selectionTolerance: num(env, 'MODEL_SELECTION_TOLERANCE', 0.02, 0, 1),
    keepVersions: int(env, 'MODEL_KEEP_VERSIONS', 5, 0, 1000),
    retrainIntervalSeconds: duration(env, 'RETRAIN_INTERVAL', 0),
    retrainAfterInteractions: int(env, 'RETRAIN_AFTER_INTERACTIONS', 0, 0, 1_000_000_000),
    jobStaleSeconds: int(env, 'JOB_STALE_SECONDS', 60, 1, 86_400),
    evalK: int(env, 'EVAL_K', 10, 1, 100),
    trainingSeed: int(env, 'TRAINING_SEED', 0, 0, 2 ** 31 - 1),
    impressionSampleRate: num(env, 'IMPRESSION_SAMPLE_RATE', 1, 0, 1),
    impressionRetentionDays: int(env, 'IMPRESSION_RETENTION_DAYS', 30, 1, 3650),
    attributionWindowHours: num(env, 'ATTRIBUTION_WINDOW_HOURS', 24, 0.001, 8760),
  };
}

/** "5,20": two increasing integers, where the "short" and the "long" history buckets begin */
function autoBuckets(env: NodeJS.ProcessEnv): BucketEdges {
  if (env.MIN_INTERACTIONS !== undefined && env.MIN_INTERACTIONS !== '' && !env.AUTO_BUCKETS) {
    throw new ConfigError(
      `MIN_INTERACTIONS was replaced by AUTO_BUCKETS: set AUTO_BUCKETS=${env.MIN_INTERACTIONS},${DEFAULT_BUCKET_EDGES.longFrom} (where "short" and "long" histories begin) and unset MIN_INTERACTIONS`,
    );
  }
  const raw = env.AUTO_BUCKETS;
  if (raw === undefined || raw.trim() === '') return { ...DEFAULT_BUCKET_EDGES };
  const parts = raw.split(',').map((p) => p.trim());
  const [shortFrom, longFrom] = parts.map(Number);
  if (parts.length !== 2 || !parts.every((p) => /^\d{1,6}$/.test(p)) || shortFrom < 1 || longFrom <= shortFrom) {
    throw new ConfigError(`AUTO_BUCKETS must be two increasing integers ≥ 1 separated by a comma, where "short" and "long" histories begin (e.g. AUTO_BUCKETS=5,20), got "${raw}"`);
  }
  return { shortFrom, longFrom };
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** "name", "name:port", "[v6]" or "[v6]:port", lower-cased; anything else (a scheme, a path, "*") is refused */
function publicHost(entry: string): string {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(entry);
  const host = m?.[1].toLowerCase();
  const port = m?.[2];
  if (!host || (!HOSTNAME.test(host) && !/^\[[0-9a-f:.]*:[0-9a-f:.]*\]$/.test(host)) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new ConfigError(
      `PUBLIC_HOSTS entry "${entry}" is not a host name: list the names your users type in the address bar, optionally with a port, ` +
        'separated by commas, without scheme or path (e.g. PUBLIC_HOSTS=tastegraph.example.com,10.0.0.5:4000,[fd00::5])',
    );
  }
  return port === undefined ? host : `${host}:${Number(port)}`;
}

/** exact origins "scheme://host[:port]" (normalized the way browsers send them), or a lone "*" */
function corsOrigins(env: NodeJS.ProcessEnv): string[] {
  const origins = list(env, 'CORS_ORIGINS', (entry) => {
    if (entry === '*') return entry;
    const fail = (why: string) =>
      new ConfigError(
        `CORS_ORIGINS entry "${entry}" ${why}: give exact origins such as https://shop.example.com or http://localhost:5173, separated by commas (or * for any origin)`,
      );
    if (entry.toLowerCase() === 'null') throw fail('is refused (sandboxed frames and file:// pages send "null"; allowing it would allow any of them)');
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw fail('is not an origin');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('must start with http:// or https://');
    if (!HOSTNAME.test(url.hostname) && !/^\[[0-9a-f:.]+\]$/.test(url.hostname)) throw fail('is not an origin (no wildcards: list each origin)');
    if (url.username || url.password || url.search || url.hash || url.pathname !== '/' || /^[a-z]+:\/\/[^/]+\/./i.test(entry)) {
      throw fail('has more than scheme://host[:port] (no path, query or credentials)');
    }
    return url.origin; // lower-cased, default port dropped, IDN in punycode: what browsers send
  });
  if (origins.includes('*') && origins.length > 1) throw new ConfigError(`CORS_ORIGINS is "*" together with other origins; give either * alone or a list of origins`);
  return origins;
}

/** for process entry points: a bad setting ends the process with its message and exit code 2 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`configuration error: ${e.message}`);
    process.exit(2);
  }
}
