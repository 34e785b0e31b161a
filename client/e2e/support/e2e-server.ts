import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { redactKeys } from './redact';

/**
 * One real server for the browser to talk to: built from source, on its embedded PostgreSQL with the
 * demo data, in a fresh 0700 data folder (as root the cluster lives under /var/lib/tastegraph, and
 * stop() removes it too). The run's shared server is one (global-setup.ts); a suite that changes
 * what every request sees (a running experiment) starts its own.
 */
const READY_TIMEOUT_MS = 150_000;

export interface E2eServer {
  url: string;
  adminKey: string;
  child: ChildProcess;
  dir: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${redactKeys(log().slice(-4000))}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready within ${READY_TIMEOUT_MS / 1000}s:\n${redactKeys(log().slice(-4000))}`);
}

/** starts the built server (build it first) and resolves once /ready; its log goes to DIR/server.log */
export async function startE2eServer(root: string, env: Record<string, string> = {}): Promise<E2eServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [path.join(__dirname, 'run-server.cjs')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: path.join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const server = { url, adminKey: '', child, dir };
  try {
    await waitReady(url, child, () => log);
  } catch (e) {
    await stopE2eServer(server);
    throw e;
  }
  server.adminKey = /Admin API key[^:]*:\s*(\S+)/.exec(log)?.[1] ?? '';
  fs.writeFileSync(path.join(dir, 'server.log'), redactKeys(log));
  // keep the log for a failing run's post-mortem
  child.stdout!.on('data', (d) => fs.appendFileSync(path.join(dir, 'server.log'), redactKeys(String(d))));
  child.stderr!.on('data', (d) => fs.appendFileSync(path.join(dir, 'server.log'), redactKeys(String(d))));
  return server;
}

/**
 * SIGTERM the server (it drains and stops its PostgreSQL), SIGKILL if it hangs, remove its folder
 * and its cluster (as root in a private folder, DATA_DIR/postgres links to /var/lib/tastegraph/clusters/…).
 */
export async function stopE2eServer({ child, dir }: Pick<E2eServer, 'child' | 'dir'>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  const link = path.join(dir, 'data', 'postgres');
  const cluster = fs.existsSync(link) ? fs.realpathSync(link) : link;
  // a server killed above leaves its PostgreSQL running: fast-stop it (line 1 of the lock file is its pid)
  const pid = Number(fs.existsSync(path.join(cluster, 'postmaster.pid')) && fs.readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const signal = (sig: NodeJS.Signals | 0) => {
    try {
      process.kill(pid, sig);
      return true;
    } catch {
      return false; // gone
    }
  };
  if (pid > 0 && signal('SIGINT')) {
    for (const end = Date.now() + 15_000; signal(0) && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
  }
  if (!cluster.startsWith(dir + path.sep)) fs.rmSync(cluster, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
