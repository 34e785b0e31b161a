import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startE2eServer } from './e2e-server';

/**
 * The e2e suites run against the real thing: the server built from source, on its embedded
 * PostgreSQL with the demo data, in a fresh data folder, serving the freshly built client.
 * URL and admin key reach the test files through the environment.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');

function build(workspace: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', workspace], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build -w ${workspace} failed (${code}):\n${out.slice(-4000)}`))));
  });
}

export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync('/usr/bin/chromium')) {
    throw new Error("e2e needs Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium (.ci/run does this)");
  }
  const started = Date.now();
  await Promise.all([build('server'), build('client')]);
  const buildSeconds = (Date.now() - started) / 1000;
  const server = await startE2eServer(ROOT);
  (globalThis as Record<string, unknown>).__TASTEGRAPH_E2E__ = server;
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_ADMIN_KEY = server.adminKey;
  process.stderr.write(`\ne2e: builds ${buildSeconds.toFixed(1)} s, server ready at ${server.url} after ${((Date.now() - started) / 1000 - buildSeconds).toFixed(1)} s\n`);
}
