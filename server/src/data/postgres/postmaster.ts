import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Binaries } from './binaries';
import { EmbeddedPostgresError } from './errors';
import type { RunAs } from './os-user';

/** What postmaster.pid says: line 1 pid, 2 data dir, 4 port, 8 status ("starting", "ready", "stopping"). */
export interface Postmaster {
  pid: number;
  port: number;
  status: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function readPidFile(dir: string): Postmaster | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, port: Number.isInteger(port) ? port : 0, status: (lines[7] ?? '').trim() };
}

/** alive and not a zombie (a child that exited but is not reaped yet still answers kill(pid, 0)) */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is all we have
  }
}

/**
 * The live postmaster of `dir`, if any. A postmaster runs in its data folder, so on Linux its
 * working directory proves the pid is not a recycled number belonging to another process.
 */
export function livePostmaster(dir: string): Postmaster | null {
  const pm = readPidFile(dir);
  if (!pm || !alive(pm.pid)) return null;
  try {
    if (fs.readlinkSync(`/proc/${pm.pid}/cwd`) !== fs.realpathSync(dir)) return null;
  } catch {
    // no /proc, or not ours to look into: trust the lock file
  }
  return pm;
}

/** the lock file of a postmaster that is gone (SIGKILL, power loss) would stop the next start */
export function removeStalePidFile(dir: string): void {
  if (readPidFile(dir) && !livePostmaster(dir)) fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });
}

export interface StartOptions {
  dir: string;
  port: number;
  bins: Binaries;
  runAs: RunAs | null;
  /** extra `-c name=value` settings */
  settings?: Record<string, string>;
  readyTimeoutMs?: number;
}

const SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  max_connections: '200',
  fsync: 'on',
  // TCP only: no socket files in /tmp for clusters on random ports
  unix_socket_directories: '',
  // the postmaster outlives the process that started it (it is its own process group, and an
  // orphan after a SIGKILL), so it logs to files in the cluster, not to our stderr
  logging_collector: 'on',
  log_directory: 'log',
  log_filename: 'postgresql-%a.log',
  log_truncate_on_rotation: 'on',
  log_rotation_age: '1d',
  log_rotation_size: '0',
};

export type StartResult = { started: Postmaster } | { taken: true } | { portInUse: true };

/**
 * Starts a postmaster on `dir` in a session of its own (detached): the terminal's Ctrl-C reaches
 * only our process, which drains its clients before stopping PostgreSQL. Resolves once it accepts
 * connections; `taken` when another process started one on this folder first.
 */
export async function startPostmaster(o: StartOptions): Promise<StartResult> {
  const settings = { ...SETTINGS, ...o.settings };
  const args = ['-D', o.dir, '-p', String(o.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(o.bins.path('postgres'), args, {
    ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {}),
    cwd: '/',
    detached: true,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  // set by the 'error' listener: typed by assertion so TypeScript does not narrow it to null for good
  let failure = null as Error | null;
  let exited = false;
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  child.stderr!.on('error', () => undefined);
  child.on('error', (e) => (failure = new EmbeddedPostgresError(`cannot run ${o.bins.path('postgres')}: ${e.message}`)));
  child.on('exit', () => (exited = true));
  child.unref();
  const end = Date.now() + (o.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (failure) throw failure;
    const pm = readPidFile(o.dir);
    if (pm && pm.pid === child.pid && pm.status === 'ready') break;
    if (exited) {
      if (/lock file "postmaster\.pid" already exists/.test(err)) return { taken: true };
      if (/could not bind|Address already in use/i.test(err)) return { portInUse: true };
      const last =
        err
          .trim()
          .split('\n')
          .filter((l) => /FATAL|ERROR|PANIC/.test(l))
          .pop() ?? err.trim().split('\n').pop();
      throw new EmbeddedPostgresError(`PostgreSQL in ${o.dir} did not start: ${last || `exit ${child.exitCode}`}`);
    }
    if (Date.now() > end) {
      await stopPostmaster(child.pid!);
      throw new EmbeddedPostgresError(
        `PostgreSQL in ${o.dir} did not accept connections within ${Math.round((o.readyTimeoutMs ?? 120_000) / 1000)} s; see ${path.join(o.dir, 'log')}`,
      );
    }
    await sleep(25);
  }
  // later messages go to the logging collector; the pipe is not needed any more
  child.stderr!.destroy();
  return { started: { pid: child.pid!, port: o.port, status: 'ready' } };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function gone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await sleep(25);
  }
  return true;
}

/**
 * Fast shutdown (SIGINT: sessions end, a checkpoint is written), waited for up to `ceilingMs`;
 * then immediate shutdown (SIGQUIT: crash recovery on the next start, no committed data lost);
 * then SIGKILL to its whole process group.
 */
export async function stopPostmaster(pid: number, ceilingMs = 60_000): Promise<'fast' | 'immediate' | 'killed'> {
  signal(pid, 'SIGINT');
  if (await gone(pid, ceilingMs)) return 'fast';
  signal(pid, 'SIGQUIT');
  if (await gone(pid, 10_000)) return 'immediate';
  try {
    process.kill(-pid, 'SIGKILL'); // started detached: it leads its own process group
  } catch {
    signal(pid, 'SIGKILL');
  }
  await gone(pid, 10_000);
  return 'killed';
}
