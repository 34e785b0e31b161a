/**
 * Import benchmark: `npm run bench:import [-- --ratings 10000000] [--seed 0] [--data DIR] [--json]`.
 * Writes a seeded MovieLens-10M-shaped folder (data/importers/movielens/synthetic.ts) into a temp
 * folder — or reads a real one given by --data — starts a fresh embedded PostgreSQL in another temp
 * folder, and times: reading the files, the import (per phase, with the commit), and importing the
 * same data again (which must add, change and rewrite nothing). Everything is deleted afterwards.
 * Prints a table, or one JSON object with --json; progress on stderr. Timings depend on the machine
 * and its load (printed with them).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDatabase } from '../data/database';
import { importMovieLens, type ImportResult } from '../data/importers/movielens/import-to-db';
import { readMovieLens } from '../data/importers/movielens/parse';
import { ML_10M_SHAPE, writeSyntheticMovieLens } from '../data/importers/movielens/synthetic';
import { rowsWrittenSince, transactionIdNow } from '../data/importers/rows-written';

interface ImportRun {
  seconds: number;
  result: ImportResult;
  /** rows of users, items and interactions inserted or rewritten (0 for an idempotent re-import) */
  rewritten?: number;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      ratings: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const ratings = values.ratings ? Number(values.ratings) : ML_10M_SHAPE.ratings;
  if (!Number.isInteger(ratings) || ratings < 1) throw new Error('--ratings must be a whole number ≥ 1');
  const seed = values.seed ? Number(values.seed) : 0;
  const tmp = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const load = [loadavg()[0]];
  try {
    let dir = values.data;
    let generateSeconds = 0;
    if (!dir) {
      dir = join(tmp, 'movielens');
      mkdirSync(dir);
      log(`writing ${ratings} synthetic ratings (seed ${seed}) into ${dir}…`);
      const t = process.hrtime.bigint();
      await writeSyntheticMovieLens(dir, { ratings, seed });
      generateSeconds = seconds(t);
    }
    log('reading…');
    let t = process.hrtime.bigint();
    const data = await readMovieLens(dir);
    const readSeconds = seconds(t);
    const db = await startDatabase({ dataDir: join(tmp, 'data'), databaseUrl: undefined });
    const runs: ImportRun[] = [];
    try {
      await db.migrate();
      for (const pass of ['first', 'again']) {
        log(`importing (${pass})…`);
        load.push(loadavg()[0]);
        const before = await transactionIdNow(db.url);
        t = process.hrtime.bigint();
        const result = await importMovieLens(db.pool, data);
        const run: ImportRun = { seconds: seconds(t), result };
        run.rewritten = await rowsWrittenSince(db.url, before);
        runs.push(run);
        log(`  ${run.seconds.toFixed(1)} s ${JSON.stringify(result.timings, (_, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
      }
    } finally {
      await db.stop();
    }
    load.push(loadavg()[0]);
    const report = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}`,
      loadAverage: load.map((l) => Math.round(l * 10) / 10),
      dataset: values.data ? dir : `synthetic ml-10m shape, ${ratings} ratings, seed ${seed}`,
      ratings: data.ratings.count,
      generateSeconds,
      readSeconds,
      importSeconds: runs[0].seconds,
      phases: runs[0].result.timings,
      reimportSeconds: runs[1].seconds,
      reimportPhases: runs[1].result.timings,
      rowsWritten: runs[0].rewritten,
      reimportRowsWritten: runs[1].rewritten,
      reimport: { users: runs[1].result.users, items: runs[1].result.items, interactions: runs[1].result.interactions },
      totals: runs[0].result.totals,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:import failed: ${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
