/** `npm run migrate`: applies pending migrations (embedded PostgreSQL in DATA_DIR unless DATABASE_URL). */
import { loadConfig } from '../config';
import { startDatabase } from '../data/database';
import { createQuietLogger } from '../logger';

async function main(): Promise<number> {
  const db = await startDatabase(loadConfig(), createQuietLogger());
  try {
    const ran = await db.migrate();
    process.stdout.write(ran.length ? `applied ${ran.length} migration(s): ${ran.join(', ')}\n` : 'schema is up to date\n');
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`migrate failed: ${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  },
);
