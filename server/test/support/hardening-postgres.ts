import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, urlFor } from '../../src/data/embedded-postgres';
import { binariesFor } from '../../src/data/postgres/binaries';
import { clusterDir, ensureCluster } from '../../src/data/postgres/cluster';
import { postgresRunAs } from '../../src/data/postgres/os-user';
import { startPostmaster, stopPostmaster } from '../../src/data/postgres/postmaster';

/**
 * A PostgreSQL of the test's own (not the run's shared one, which other suites use at the same
 * time) that can be stopped and started again on the same port, so a server's pool sees the
 * database vanish and come back under the same URL. Placed like the server places its own (as root
 * in a private checkout: binaries and cluster where the `postgres` user can reach them).
 */
export interface RestartablePostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops it for good and removes its folder */
  destroy(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-fault-pg-'));
  const runAs = postgresRunAs();
  const bins = binariesFor(runAs);
  const cluster = clusterDir(path.join(dir, 'data'), runAs);
  await ensureCluster(cluster, bins, runAs);
  const port = await freePort();
  let pid: number | null = null;
  const start = async () => {
    const r = await startPostmaster({ dir: cluster, port, bins, runAs, settings: { max_connections: '100', fsync: 'off' } });
    if (!('started' in r)) throw new Error(`could not start the test's PostgreSQL on port ${port}: ${JSON.stringify(r)}`);
    pid = r.started.pid;
  };
  await start();
  return {
    url: urlFor(port),
    async stop() {
      if (pid === null) return;
      const p = pid;
      pid = null;
      await stopPostmaster(p, 30_000);
    },
    async start() {
      if (pid === null) await start();
    },
    async destroy() {
      if (pid !== null) await stopPostmaster(pid, 30_000).catch(() => undefined);
      pid = null;
      // a cluster linked outside the temporary folder (root, private folder) goes with it
      if (!cluster.startsWith(dir + path.sep)) fs.rmSync(cluster, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
