import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { redactKeys } from './redact';

/**
 * The e2e suites run against the real thing: the server built from source, on its embedded
 * PostgreSQL with the demo data, in a fresh data folder, serving the freshly built client.
 * URL and admin key reach the test files through the environment.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const READY_TIMEOUT_MS = 150_000;

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

function build(workspace: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', workspace], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build -w ${workspace} failed (${code}):\n${out.slice(-4000)}`))));
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

export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync('/usr/bin/chromium')) {
    throw new Error('e2e needs Debian\'s Chromium at /usr/bin/chromium: apt-get install -y chromium (.ci/run does this)');
  }
  const started = Date.now();
  await Promise.all([build('server'), build('client')]);
  const buildSeconds = (Date.now() - started) / 1000;

  // a 0700 folder: as root, the server keeps its cluster under /var/lib/tastegraph (teardown removes it)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [path.join(__dirname, 'run-server.cjs')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: path.join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  (globalThis as Record<string, unknown>).__TASTEGRAPH_E2E__ = { child, dir };
  await waitReady(url, child, () => log);
  const adminKey = /Admin API key[^:]*:\s*(\S+)/.exec(log)?.[1] ?? '';
  process.env.E2E_BASE_URL = url;
  process.env.E2E_ADMIN_KEY = adminKey;
  fs.writeFileSync(path.join(dir, 'server.log'), redactKeys(log));
  process.stderr.write(`\ne2e: builds ${buildSeconds.toFixed(1)} s, server ready at ${url} after ${((Date.now() - started) / 1000 - buildSeconds).toFixed(1)} s\n`);
  // keep the log for a failing run's post-mortem
  child.stdout!.on('data', (d) => fs.appendFileSync(path.join(dir, 'server.log'), redactKeys(String(d))));
  child.stderr!.on('data', (d) => fs.appendFileSync(path.join(dir, 'server.log'), redactKeys(String(d))));
}
