import fs from 'node:fs';

/**
 * Pids of the processes whose working directory is `dir`: a postmaster and every PostgreSQL process
 * it forks run in their data folder, so this finds them all, orphans included. Linux (/proc) only;
 * elsewhere it finds nothing.
 */
export function processesIn(dir: string): number[] {
  const real = fs.realpathSync(dir);
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === real;
      } catch {
        return false; // gone, or not ours to look at
      }
    });
}
