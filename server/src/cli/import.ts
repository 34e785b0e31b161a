/**
 * `npm run import -- --data DIR` or `-- --download ml-latest-small [--dest DIR]`: reads a MovieLens
 * folder (validating every line first), starts the database (embedded PostgreSQL in DATA_DIR unless
 * DATABASE_URL is set), migrates, and loads everything in one transaction.
 * `npm run import -- --items FILE --users FILE --events FILE --feedback-types FILE [--map a=b]…` (any
 * subset) loads files of the generic format (data/importers/generic), streamed, in one transaction.
 * Exit codes: 0 done, 1 import failed (nothing loaded), 2 bad flags.
 */
import { basename, join } from 'node:path';
import { loadConfig } from '../config';
import type { DataSource } from 'typeorm';
import { startDatabase } from '../data/database';
import { ModelVersionRepository } from '../data/repositories/model-version.repository';
import { TrainingJobRepository } from '../data/repositories/training-job.repository';
import { downloadMovieLens } from '../data/importers/movielens/download';
import { importMovieLens, type ImportResult } from '../data/importers/movielens/import-to-db';
import { importGeneric, type GenericImportFiles, type GenericImportResult } from '../data/importers/generic/import-to-db';
import type { Config } from '../config';
import { MovieLensFormatError, readMovieLens, type MovieLensData } from '../data/importers/movielens/parse';
import { createQuietLogger } from '../logger';
import { IMPORT_USAGE, ImportUsageError, parseImportArgs, type ImportArgs } from './import-args';
import { progressBar, progressLines, type ImportProgress } from './import-progress';

export interface ImportCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** a real stream for the progress bar; without it progress is printed as plain lines via stderr() */
  progressStream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** the whole CLI, callable in-process (tests pass captured io); resolves to the exit code */
export async function main(argv: string[], io: ImportCliIo): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (e) {
    if (!(e instanceof ImportUsageError)) throw e;
    io.stderr(`import: ${e.message}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  if (args.mode === 'help') {
    io.stdout(`${IMPORT_USAGE}\n`);
    return 0;
  }
  const progress = io.progressStream ? progressBar(io.progressStream) : progressLines(io.stderr);
  if (args.mode === 'generic') return importGenericFiles(args.files, io, progress);
  try {
    const config = loadConfig(io.env ?? process.env);
    const dir = args.mode === 'folder' ? args.data : await downloadMovieLens(args.dataset, args.dest ?? join(config.dataDir, 'datasets'));
    const started = Date.now();
    const data = await readMovieLens(dir, { onProgress: (done, total) => progress.update('reading ', done, total) });
    progress.note(`read ${data.ratings.count} ratings and ${data.movies.length} movies (${data.layout} layout) from ${dir}; starting the database…`);
    const db = await startDatabase(config, createQuietLogger());
    let result: ImportResult;
    try {
      await db.migrate();
      result = await importMovieLens(db.pool, data, {
        onProgress: (done, total, stage) => {
          if (stage === 'copying') progress.update('copying ', done, total);
          else if (done === 0) progress.note('writing users, items and ratings (one transaction)…');
        },
      }).catch((e: unknown) => {
        throw new Error(`${oneLine(e)}; nothing was loaded`);
      });
      // models trained before this import know none of it: queue a retrain of every strategy that
      // already has one (a running server takes it at once through NOTIFY, else the next start does)
      if (result.interactions.created + result.interactions.updated + result.items.created > 0) {
        const queued = await queueRetrainAfterImport(db.dataSource);
        if (queued.length) progress.note(`queued retraining of ${queued.join(', ')} on the new data`);
      }
    } finally {
      progress.stop();
      await db.stop();
    }
    io.stdout(`${summary(data, result, (Date.now() - started) / 1000)}\n`);
    return 0;
  } catch (e) {
    progress.stop();
    const suffix = e instanceof MovieLensFormatError ? '; nothing was loaded' : '';
    io.stderr(`import failed: ${oneLine(e)}${suffix}\n`);
    return 1;
  }
}

async function importGenericFiles(files: GenericImportFiles, io: ImportCliIo, progress: ImportProgress): Promise<number> {
  try {
    const config: Config = loadConfig(io.env ?? process.env);
    const started = Date.now();
    const db = await startDatabase(config, createQuietLogger());
    let result: GenericImportResult;
    try {
      await db.migrate();
      result = await importGeneric(db.pool, files, {
        onProgress: (stage, file, done, total) => {
          if (stage === 'reading') progress.update(`reading ${basename(file)} `, done, total);
          else if (done === 0) progress.note('writing feedback types, items, users and events (one transaction)…');
        },
      });
      const changed =
        result.items.created +
        result.items.updated +
        result.ratings.created +
        result.ratings.updated +
        result.events.created +
        result.feedbackTypes.created +
        result.feedbackTypes.updated;
      if (changed > 0) {
        const queued = await queueRetrainAfterImport(db.dataSource);
        if (queued.length) progress.note(`queued retraining of ${queued.join(', ')} on the new data`);
      }
    } finally {
      progress.stop();
      await db.stop();
    }
    io.stdout(`${genericSummary(result, (Date.now() - started) / 1000)}\n`);
    return 0;
  } catch (e) {
    progress.stop();
    io.stderr(`import failed: ${oneLine(e)}; nothing was loaded\n`);
    return 1;
  }
}

function genericSummary(r: GenericImportResult, seconds: number): string {
  const parts: string[] = [];
  if (r.read.feedbackTypes) parts.push(`${r.read.feedbackTypes} feedback types (new ${r.feedbackTypes.created}, changed ${r.feedbackTypes.updated})`);
  if (r.read.items) parts.push(`${r.read.items} items (new ${r.items.created}, changed ${r.items.updated})`);
  else if (r.items.created) parts.push(`new items named by events: ${r.items.created}`);
  if (r.read.users) parts.push(`${r.read.users} users (new ${r.users.created}, changed ${r.users.updated})`);
  else if (r.users.created) parts.push(`new users named by events: ${r.users.created}`);
  if (r.read.events) {
    parts.push(`${r.read.events} events (new: ${r.events.created} events, ${r.ratings.created} ratings; changed ratings: ${r.ratings.updated})`);
  }
  return (
    `imported ${parts.join(', ')} in ${seconds.toFixed(1)} s; database now holds ${r.totals.users} users, ` +
    `${r.totals.items} items, ${r.totals.interactions} interactions (${r.totals.ratings} ratings)`
  );
}

async function queueRetrainAfterImport(ds: DataSource): Promise<string[]> {
  const jobs = new TrainingJobRepository(ds);
  const queued: string[] = [];
  for (const strategy of await new ModelVersionRepository(ds).activeStrategies()) {
    if (await jobs.enqueueIfIdle(strategy, {}, 'new-data')) queued.push(strategy);
  }
  return queued;
}

function summary(data: MovieLensData, r: ImportResult, seconds: number): string {
  const users = new Set(data.ratings.users).size;
  return (
    `imported ${r.ratings} ratings, ${users} users, ${data.movies.length} items in ${seconds.toFixed(1)} s ` +
    `(new: ${r.interactions.created} ratings, ${r.users.created} users, ${r.items.created} items; ` +
    `changed: ${r.interactions.updated} ratings, ${r.items.updated} items); ` +
    `database now holds ${r.totals.ratings} ratings, ${r.totals.users} users, ${r.totals.items} items`
  );
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    progressStream: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`import failed: ${oneLine(e)}\n`);
      process.exitCode = 1;
    },
  );
}
