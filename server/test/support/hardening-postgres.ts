import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/data/embedded-postgres';

/**
 * A PostgreSQL of the test's own (not the run's shared one, which other suites use at the same
 * time) that can be stopped and started again on the same port, so a server's pool sees the
 * database vanish and come back under the same URL.
 *
 * `embedded-postgres` is an ES module, which jest's CommonJS runtime cannot require; a small
 * plain-node child process drives it and takes start/stop commands over IPC.
 */
export interface RestartablePostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops it for good and removes its folder */
  destroy(): Promise<void>;
}

const CONTROLLER = `
const EP = require(process.env.EP_MODULE).default;
const pg = new EP({
  databaseDir: process.env.PG_DIR, port: Number(process.env.PG_PORT), user: 'postgres', password: 'tastegraph',
  persistent: true, createPostgresUser: process.getuid && process.getuid() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100', '-c', 'fsync=off'],
  onLog: () => {}, onError: () => {},
});
process.on('message', async (cmd) => {
  try {
    if (cmd === 'init') { await pg.initialise(); await pg.start(); }
    if (cmd === 'start') await pg.start();
    if (cmd === 'stop') await pg.stop();
    process.send({ ok: true });
  } catch (e) { process.send({ ok: false, error: String(e && e.message || e) }); }
});
`;

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-fault-pg-'));
  fs.chmodSync(dir, 0o755); // postgres runs as the `postgres` OS user when we are root
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-e', CONTROLLER], {
    env: { ...process.env, EP_MODULE: require.resolve('embedded-postgres'), PG_DIR: path.join(dir, 'data'), PG_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const command = (cmd: string) =>
    new Promise<void>((resolve, reject) => {
      child.once('message', (m: { ok: boolean; error?: string }) => (m.ok ? resolve() : reject(new Error(`postgres ${cmd}: ${m.error}`))));
      child.send(cmd);
    });
  await command('init');
  let running = true;
  return {
    url: `postgres://postgres:tastegraph@127.0.0.1:${port}/postgres`,
    async stop() {
      if (!running) return;
      running = false;
      await command('stop');
    },
    async start() {
      if (running) return;
      await command('start');
      running = true;
    },
    async destroy() {
      if (running) await command('stop').catch(() => undefined);
      running = false;
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
