/**
 * `npm run export -- --out DIR [--format csv|jsonl]`: writes items, users, events and feedback types
 * in the generic import format (data/exporters/export-generic.ts), from the database the server uses
 * (embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set).
 * Exit codes: 0 written, 1 export failed (no file written), 2 bad flags.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { startDatabase } from '../data/database';
import { exportGeneric } from '../data/exporters/export-generic';
import type { FileFormat } from '../data/importers/generic/rows';
import { createQuietLogger } from '../logger';
import { progressBar, progressLines } from './import-progress';
import type { ImportCliIo } from './import';

export const EXPORT_USAGE = 'usage: export --out DIR [--format csv|jsonl]';

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

export async function main(argv: string[], io: ImportCliIo): Promise<number> {
  let out: string;
  let format: FileFormat;
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { out: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(`${EXPORT_USAGE}\n`);
      return 0;
    }
    if (values.out === undefined || values.out.trim() === '') throw new Error('--out DIR is required');
    const f = values.format ?? 'csv';
    if (f !== 'csv' && f !== 'jsonl') throw new Error(`--format is csv or jsonl, not "${f}"`);
    out = values.out;
    format = f;
  } catch (e) {
    io.stderr(`export: ${oneLine(e).replace(/\. To specify a positional.*$/, '')}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const progress = io.progressStream ? progressBar(io.progressStream) : progressLines(io.stderr);
  try {
    const config = loadConfig(io.env ?? process.env);
    const started = Date.now();
    const db = await startDatabase(config, createQuietLogger());
    try {
      await db.migrate();
      const { counts, files } = await exportGeneric(db.pool, out, {
        format,
        onProgress: (kind, done, total) => progress.update(`writing ${kind} `, done, total),
      });
      progress.stop();
      io.stdout(
        `exported ${counts.items} items, ${counts.users} users, ${counts.events} events and ` +
          `${counts['feedback-types']} feedback types to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
          `re-import with: npm run import -- --items ${files.items} --users ${files.users} --events ${files.events} --feedback-types ${files['feedback-types']}\n`,
      );
    } finally {
      progress.stop();
      await db.stop();
    }
    return 0;
  } catch (e) {
    progress.stop();
    io.stderr(`export failed: ${oneLine(e)}\n`);
    return 1;
  }
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
      process.stderr.write(`export failed: ${oneLine(e)}\n`);
      process.exitCode = 1;
    },
  );
}
