import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SIGTERM the server (it drains and stops its PostgreSQL), SIGKILL if it hangs, remove its folder
 * and its cluster (as root in a private folder, DATA_DIR/postgres links to /var/lib/tastegraph/clusters/…).
 */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__TASTEGRAPH_E2E__ as { child: ChildProcess; dir: string } | undefined;
  if (!state) return;
  const { child, dir } = state;
  if (child.exitCode === null) {
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
    for (const end = Date.now() + 15_000; signal(0) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  }
  if (!cluster.startsWith(dir + path.sep)) fs.rmSync(cluster, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
