import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/data/embedded-postgres';
import { alive, stopPostmaster } from '../src/data/postgres/postmaster';
import { repoRoot } from '../src/paths';
import { clusterOf, removeDataDir, startChildServer, waitFor, type ChildServer } from './support/child-server';
import { processesIn } from './support/processes';

/**
 * The embedded PostgreSQL follows the server's life: a server killed with SIGKILL leaves it
 * running, the next start adopts it, and a Ctrl-C in the terminal (SIGINT to the whole foreground
 * process group) reaches only the server, which drains and then stops PostgreSQL, adopted or not.
 */
jest.setTimeout(300_000);

describe("the embedded PostgreSQL's lifecycle", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-pg-life-'));
  const servers: ChildServer[] = [];
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    const left = servers.map((s) => s.postmaster()).find(Boolean);
    if (left) await stopPostmaster(left.pid, 15_000);
    removeDataDir(dataDir);
  });
  // info logs, so the output shows what the server decided about PostgreSQL
  const start = async () => {
    const s = await startChildServer({ LOG_LEVEL: 'info' }, { dataDir, detached: true, until: 'health' });
    servers.push(s);
    return s;
  };
  const query = async (s: ChildServer, q: string) =>
    fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) }).then(
      (r) => r.json() as Promise<{ errors?: unknown[] }>,
    );

  it('SIGKILL leaves PostgreSQL to the next start, which adopts it; a CLI joining it leaves it running; SIGINT to the group drains and stops it', async () => {
    const first = await start();
    const orphan = first.postmaster()!;
    expect(orphan).toBeTruthy();
    process.kill(first.child.pid!, 'SIGKILL'); // no handler runs
    await first.exited();
    expect(alive(orphan.pid)).toBe(true); // in a session of its own, PostgreSQL outlives its parent

    const second = await start();
    expect(second.postmaster()?.pid).toBe(orphan.pid); // adopted, not a second cluster process
    expect(second.output()).toMatch(/adopted the embedded PostgreSQL/);

    // a CLI (`npm run key`, `npm run import`) joins the server's PostgreSQL and must not stop it
    const cli = await startEmbeddedPostgres(path.join(dataDir, 'postgres'));
    expect(cli.pid).toBe(orphan.pid);
    await cli.stop();
    expect(alive(orphan.pid)).toBe(true);
    expect((await query(second, '{ genres }')).errors).toBeUndefined();

    // warm the pool, so a PostgreSQL stopping under the server would show in its log
    await Promise.all(Array.from({ length: 8 }, () => query(second, '{ genres }')));
    process.kill(-second.child.pid!, 'SIGINT'); // the terminal's Ctrl-C: every process of the foreground group
    expect(await second.exited(120_000)).toBe(0);
    expect(alive(orphan.pid)).toBe(false);
    expect(processesIn(clusterOf(dataDir))).toEqual([]);
    expect(fs.existsSync(path.join(clusterOf(dataDir), 'postmaster.pid'))).toBe(false);
    expect(second.output()).not.toMatch(/database connection lost/);
    expect(second.output()).toMatch(/embedded PostgreSQL stopped/);
  });

  it('a process that crashes (an uncaught exception) leaves no PostgreSQL behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-pg-crash-'));
    try {
      const ep = path.join(repoRoot(), 'server', 'dist', 'server', 'src', 'data', 'embedded-postgres.js');
      // any entry point: starts (or joins) the embedded PostgreSQL, then throws outside any handler
      const script = `require(${JSON.stringify(ep)}).startEmbeddedPostgres(process.argv[1]).then((pg) => {
        console.log(JSON.stringify({ pid: pg.pid }));
        setTimeout(() => { throw new Error('boom'); }, 10);
      });`;
      const child = spawn(process.execPath, ['-e', script, path.join(dir, 'postgres')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(out).toMatch(/boom/);
      expect(code).not.toBe(0);
      const { pid } = JSON.parse(/\{"pid":\d+\}/.exec(out)![0]);
      // its exit hook asked PostgreSQL for a fast shutdown (nobody else used it): it finishes on its own
      await waitFor('PostgreSQL to stop after the crash', () => !alive(pid), 60_000);
      expect(processesIn(clusterOf(dir))).toEqual([]);
    } finally {
      const left = fs.existsSync(path.join(clusterOf(dir), 'postmaster.pid')) && Number(fs.readFileSync(path.join(clusterOf(dir), 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (left && alive(left)) await stopPostmaster(left, 15_000);
      removeDataDir(dir);
    }
  });
});
