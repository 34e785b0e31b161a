import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/data/embedded-postgres';

/**
 * One real PostgreSQL per test run, in a throwaway folder; each suite makes its own database
 * in it (support/db.ts). The admin URL reaches the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  // training runs in a worker thread, which loads the compiled server (node cannot run .ts)
  const root = path.resolve(__dirname, '..', '..', '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'server', 'tsconfig.json')], { stdio: 'inherit' });
  // a 0700 folder: as root, the cluster then lives under /var/lib/tastegraph, linked from here
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-test-pg-'));
  const pg = await startEmbeddedPostgres(path.join(dir, 'postgres'));
  process.env.TEST_DATABASE_ADMIN_URL = pg.url;
  process.env.TEST_PG_DATA_DIR = pg.dataDir;
  (globalThis as Record<string, unknown>).__TASTEGRAPH_PG__ = { pg, dir };
}
