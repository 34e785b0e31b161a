import fs from 'node:fs';
import path from 'node:path';

/** The repository root (the folder whose package.json declares the workspaces), from src or dist alike. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/**
 * MovieLens latest-small, read where it lives beside the repository (never copied into it):
 * `MOVIELENS_SMALL_DIR`, else `<repo>/../shared/datasets/ml-latest-small`. May not exist.
 */
export function mlLatestSmallDir(): string {
  return process.env.MOVIELENS_SMALL_DIR || path.resolve(repoRoot(), '..', 'shared', 'datasets', 'ml-latest-small');
}
