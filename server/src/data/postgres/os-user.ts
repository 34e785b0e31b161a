import { execFileSync, spawnSync } from 'node:child_process';
import { EmbeddedPostgresError } from './errors';

/** The OS identity PostgreSQL runs as when it cannot be us; null means "as this process". */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'postgres';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function lookup(): RunAs | null {
  try {
    const uid = Number(execFileSync('id', ['-u', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { name: NAME, uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` system user, creating
 * that user (no home, no login shell) the first time; as anyone else PostgreSQL runs as us.
 */
export function postgresRunAs(): RunAs | null {
  if (!isRoot()) return null;
  const existing = lookup();
  if (existing) return existing;
  const hasGroup = spawnSync('getent', ['group', NAME], { stdio: 'ignore' }).status === 0;
  const args = ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', ...(hasGroup ? ['-g', NAME] : ['--user-group']), NAME];
  const made = spawnSync('useradd', args, { encoding: 'utf8' });
  const created = lookup();
  if (!created) {
    const why = made.error ? made.error.message : (made.stderr || '').trim().split('\n').pop() || `useradd exited with ${made.status}`;
    throw new EmbeddedPostgresError(
      `cannot create the system user "${NAME}" that the embedded PostgreSQL runs as when started by root (${why}); ` +
        `create it yourself (useradd --system ${NAME}), run Tastegraph as a regular user, or set DATABASE_URL to a PostgreSQL of your own`,
    );
  }
  return created;
}

/**
 * Whether `who` can reach each path: `test -x` run as that user, so the kernel decides (every
 * folder above, ACLs, mounts) rather than a guess from mode bits. A folder needs search (x),
 * a binary execute permission.
 */
export function canReach(who: RunAs, paths: string[]): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'for p; do test -x "$p" || exit 1; done', 'sh', ...paths], { uid: who.uid, gid: who.gid, stdio: 'ignore', cwd: '/' });
  return r.status === 0;
}
