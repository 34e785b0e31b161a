/**
 * `npm run --silent schema:check`: applies the migrations to a throwaway database (a new database on
 * DATABASE_URL's server when set, else an embedded PostgreSQL in a temporary folder) and asks TypeORM
 * whether the entities need any change. Exit 0: they match; 1: they disagree (the differences are
 * printed); 2: the check could not run.
 */
import { createQuietLogger } from '../logger';
import { runSchemaCheck } from '../data/schema-check';

runSchemaCheck({
  serverUrl: process.env.DATABASE_URL || undefined,
  logger: createQuietLogger(),
  print: (line) => process.stdout.write(`${line}\n`),
}).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`schema check failed to run: ${e instanceof Error ? e.message : e}\n`);
    process.exit(2);
  },
);
