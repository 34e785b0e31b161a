import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../logger';
import type { Binaries } from './binaries';
import { makeReachableDir, SYSTEM_DIR } from './binaries';
import { EmbeddedPostgresError } from './errors';
import { canReach, type RunAs } from './os-user';

export const USER = 'postgres';
export const PASSWORD = 'tastegraph';

/**
 * The real folder of the cluster that `dir` (DATA_DIR/postgres) names.
 *
 * Normally `dir` itself. As root, PostgreSQL runs as the `postgres` user, which must reach its data:
 * when DATA_DIR sits inside a private folder (/root, a `mktemp -d`), a new cluster lives instead in
 * SYSTEM_DIR/clusters/<hash of DATA_DIR's real path>, and `dir` becomes a symbolic link to it, so
 * every later start, CLI or operator finds it where they always look.
 */
export function clusterDir(dir: string, who: RunAs | null, logger?: Logger): string {
  const abs = path.resolve(dir);
  let stat = fs.lstatSync(abs, { throwIfNoEntry: false });
  if (who && stat?.isDirectory() && fs.readdirSync(abs).length === 0 && !canReach(who, [abs])) {
    fs.rmdirSync(abs); // an empty folder it cannot reach: place the cluster as if it were absent
    stat = undefined;
  }
  if (stat?.isSymbolicLink()) return path.resolve(path.dirname(abs), fs.readlinkSync(abs));
  const parent = path.dirname(abs);
  fs.mkdirSync(parent, { recursive: true });
  if (!who) return abs;
  if (stat) {
    if (!canReach(who, [abs])) {
      throw new EmbeddedPostgresError(
        `the "${who.name}" user that PostgreSQL runs as cannot reach its data in ${abs} (a folder above it is private); ` +
          `move that folder somewhere it can reach and point DATA_DIR there, or set DATABASE_URL`,
      );
    }
    return abs;
  }
  if (canReach(who, [parent])) return abs;
  const key = crypto.createHash('sha256').update(fs.realpathSync(parent)).digest('hex').slice(0, 16);
  const outside = path.join(SYSTEM_DIR, 'clusters', key);
  try {
    makeReachableDir(path.dirname(outside));
  } catch (e) {
    throw new EmbeddedPostgresError(
      `the "${who.name}" user cannot reach ${parent}, and ${path.dirname(outside)} could not be created for its data (${(e as Error).message}); ` +
        `point DATA_DIR at a folder every user can enter, or set DATABASE_URL`,
    );
  }
  if (fs.existsSync(path.join(outside, 'PG_VERSION'))) {
    logger?.warn({ cluster: outside }, 'reusing the PostgreSQL data kept for this DATA_DIR by an earlier run; remove that folder to start empty');
  }
  fs.symlinkSync(outside, abs);
  logger?.info({ dataDir: abs, cluster: outside }, `${parent} is private to root: PostgreSQL's data lives in ${outside}, linked from ${abs}`);
  return outside;
}

/**
 * Creates the cluster when `dir` holds none. initdb writes into a sibling folder that is renamed
 * into place at the end, so an interrupted first start never leaves a half-made cluster behind
 * (and two first starts at once end with one cluster).
 */
export async function ensureCluster(dir: string, bins: Binaries, who: RunAs | null, logger?: Logger): Promise<boolean> {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return false;
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new EmbeddedPostgresError(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away so a new one can be created there`);
  }
  logger?.info({ dir }, 'initialising embedded PostgreSQL');
  const tmp = `${dir}.init-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  // beside the new cluster, where its user reaches; only that user may read it
  const pwFile = `${tmp}.pw`;
  fs.mkdirSync(tmp, { mode: 0o700 });
  try {
    fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (who) {
      fs.chownSync(tmp, who.uid, who.gid);
      fs.chownSync(pwFile, who.uid, who.gid);
    }
    await run(
      bins.path('initdb'),
      [
        `--pgdata=${tmp}`,
        `--username=${USER}`,
        `--pwfile=${pwFile}`,
        '--auth=password',
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      who,
    );
    try {
      fs.renameSync(tmp, dir); // replaces an empty folder, refuses a filled one
    } catch (e) {
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw e; // else another first start won the race
    }
  } finally {
    fs.rmSync(pwFile, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

/** runs a PostgreSQL program to its end; rejects with its last words (never an unhandled 'error') */
function run(program: string, args: string[], who: RunAs | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      ...(who ? { uid: who.uid, gid: who.gid } : {}),
      cwd: '/',
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('error', (e) => reject(new EmbeddedPostgresError(`cannot run ${program}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const last = err.trim().split('\n').filter(Boolean).slice(-2).join(' / ');
      reject(new EmbeddedPostgresError(`${path.basename(program)} failed (${signal ?? `exit ${code}`}): ${last || 'no output'}`));
    });
  });
}
