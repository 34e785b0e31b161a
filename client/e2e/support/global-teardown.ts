import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** SIGTERM the server (it drains and stops its PostgreSQL), SIGKILL if it hangs, remove its folder. */
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
  fs.rmSync(dir, { recursive: true, force: true });
}
