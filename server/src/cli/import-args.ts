import { parseArgs } from 'node:util';
import { DOWNLOADABLE, type DownloadableDataset } from '../data/importers/movielens/download';

/** Validated flags of the import CLI. Every problem is an ImportUsageError (one line, exit code 2). */
export type ImportArgs =
  | { mode: 'help' }
  | { mode: 'folder'; data: string }
  | { mode: 'download'; dataset: DownloadableDataset; dest?: string };

export class ImportUsageError extends Error {
  override readonly name = 'ImportUsageError';
}

export const IMPORT_USAGE = 'usage: import --data DIR | --download ml-latest-small [--dest DIR]';

export function parseImportArgs(argv: string[]): ImportArgs {
  let values: { data?: string; download?: string; dest?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        download: { type: 'string' },
        dest: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new ImportUsageError(String((e as Error).message).split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
  if (values.help) return { mode: 'help' };
  if (values.data !== undefined && values.download !== undefined) {
    throw new ImportUsageError('give either --data DIR or --download NAME, not both');
  }
  if (values.data !== undefined) {
    if (values.data.trim() === '') throw new ImportUsageError('--data needs a folder');
    if (values.dest !== undefined) throw new ImportUsageError('--dest goes with --download only');
    return { mode: 'folder', data: values.data };
  }
  if (values.download !== undefined) {
    const names = Object.keys(DOWNLOADABLE);
    if (!names.includes(values.download)) {
      throw new ImportUsageError(`--download knows ${names.join(', ')}, not "${values.download}"`);
    }
    if (values.dest !== undefined && values.dest.trim() === '') throw new ImportUsageError('--dest needs a folder');
    return { mode: 'download', dataset: values.download as DownloadableDataset, dest: values.dest };
  }
  throw new ImportUsageError('--data DIR (a MovieLens folder) or --download ml-latest-small is required');
}
