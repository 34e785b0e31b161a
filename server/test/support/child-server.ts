import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/data/embedded-postgres';
import { binariesFor } from '../../src/data/postgres/binaries';
import { postgresRunAs } from '../../src/data/postgres/os-user';
import { alive, livePostmaster, startPostmaster, stopPostmaster, type Postmaster } from '../../src/data/postgres/postmaster';
import { repoRoot } from '../../src/paths';
import { processesIn } from './processes';

/**
 * `npm start` as a child process (the compiled server, which global setup builds) on its own
 * embedded PostgreSQL in a throwaway DATA_DIR, so a test can stop and restart that PostgreSQL
 * without touching the run's shared one.
 */
export interface ChildServer {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** the child's output so far, for failure messages */
  output(): string;
  /** the live postmaster of the child's cluster, if any */
  postmaster(): Postmaster | null;
  /** resolves with the exit code once the child has exited */
  exited(timeoutMs?: number): Promise<number | null>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** SIGSTOPs the PostgreSQL postmaster and every process under it: a frozen, not a stopped, database */
  freezePostgres(): Promise<void>;
  /** SIGCONTs every process freezePostgres stopped (safe to call when nothing is frozen) */
  thawPostgres(): Promise<void>;
  /** stops the child and whatever PostgreSQL is left on its data, and removes both */
  close(): Promise<void>;
}

export interface ChildServerOptions {
  /** reuse a data folder (a restart); default: a fresh one */
  dataDir?: string;
  /** its own process group, as a terminal gives `npm start` (signal the group with process.kill(-pid)) */
  detached?: boolean;
  /** stop waiting at /health (the API listens) rather than /ready (every model trained) */
  until?: 'ready' | 'health';
}

export async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** the real folder of DATA_DIR/postgres (as root in a private folder it links to /var/lib/tastegraph/clusters/…) */
export function clusterOf(dataDir: string): string {
  const link = path.join(dataDir, 'postgres');
  return fs.existsSync(link) ? fs.realpathSync(link) : link;
}

/** removes a data folder and, when its cluster lives elsewhere, that cluster too */
export function removeDataDir(dataDir: string): void {
  const cluster = clusterOf(dataDir);
  if (!cluster.startsWith(path.resolve(dataDir) + path.sep)) fs.rmSync(cluster, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

export async function startChildServer(env: Record<string, string> = {}, options: ChildServerOptions = {}): Promise<ChildServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-child-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const main = path.join(repoRoot(), 'server', 'dist', 'server', 'src', 'main.js');
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: !!options.detached });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  let exitCode: number | null | undefined;
  child.on('exit', (code) => (exitCode = code));

  let pgPort = 0;
  let restarted: number | null = null;
  const frozen = new Set<number>();

  const server: ChildServer = {
    url,
    dataDir,
    child,
    output: () => out,
    postmaster: () => livePostmaster(clusterOf(dataDir)),
    async exited(timeoutMs = 60_000) {
      await waitFor('the server to exit', () => exitCode !== undefined, timeoutMs);
      return exitCode ?? null;
    },
    async stopPostgres() {
      const pm = server.postmaster();
      if (!pm) throw new Error('no PostgreSQL running for the child');
      pgPort = pm.port;
      process.kill(pm.pid, 'SIGINT'); // fast shutdown: ends sessions, like a crash or a failover
      await waitFor('PostgreSQL to stop', () => !alive(pm.pid), 30_000);
    },
    async startPostgres() {
      // same cluster, same port, same user and binaries the server runs it with
      const runAs = postgresRunAs();
      const r = await startPostmaster({ dir: clusterOf(dataDir), port: pgPort, bins: binariesFor(runAs), runAs });
      if (!('started' in r)) throw new Error(`could not restart PostgreSQL: ${JSON.stringify(r)}`);
      restarted = r.started.pid;
    },
    async freezePostgres() {
      const pm = server.postmaster();
      if (!pm) throw new Error('no PostgreSQL running for the child');
      // the postmaster first, so it forks no new backend; then every process of its cluster, twice,
      // to catch one forked just before the postmaster stopped
      for (let round = 0; round < 2; round++) {
        for (const p of [pm.pid, ...processesIn(clusterOf(dataDir))]) {
          if (frozen.has(p)) continue;
          try {
            process.kill(p, 'SIGSTOP');
            frozen.add(p);
          } catch {
            // gone already
          }
        }
      }
    },
    async thawPostgres() {
      for (const p of frozen) {
        try {
          process.kill(p, 'SIGCONT');
        } catch {
          // gone already
        }
      }
      frozen.clear();
    },
    async close() {
      await server.thawPostgres();
      if (exitCode === undefined) {
        child.kill('SIGINT');
        await server.exited(30_000).catch(() => child.kill('SIGKILL'));
      }
      // a PostgreSQL we restarted ourselves, or one a killed child left behind
      const pm = server.postmaster();
      if (pm) await stopPostmaster(pm.pid, 15_000);
      if (restarted && alive(restarted)) await stopPostmaster(restarted, 15_000);
      if (!options.dataDir) removeDataDir(dataDir);
    },
  };
  const until = options.until ?? 'ready';
  try {
    await waitFor(
      `the server's /${until}`,
      async () => {
        if (exitCode !== undefined) throw new Error(`the server exited:\n${out}`);
        try {
          return (await fetch(`${url}/${until}`)).status === 200;
        } catch {
          return false;
        }
      },
      180_000,
    );
  } catch (e) {
    await server.close();
    throw e;
  }
  return server;
}
