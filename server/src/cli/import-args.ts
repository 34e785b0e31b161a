import { parseArgs } from 'node:util';
import { ColumnMapError, parseColumnMap } from '../data/importers/generic/column-map';
import type { GenericImportFiles } from '../data/importers/generic/import-to-db';
import { DOWNLOADABLE, type DownloadableDataset } from '../data/importers/movielens/download';

/** Validated flags of the import CLI. Every problem is an ImportUsageError (one line, exit code 2). */
export type ImportArgs =
  { mode: 'help' } | { mode: 'folder'; data: string } | { mode: 'download'; dataset: DownloadableDataset; dest?: string } | { mode: 'generic'; files: GenericImportFiles };

export class ImportUsageError extends Error {
  override readonly name = 'ImportUsageError';
}

export const IMPORT_USAGE =
  'usage: import --data DIR | --download ml-latest-small [--dest DIR]\n' +
  '       import [--items FILE] [--users FILE] [--events FILE] [--feedback-types FILE] [--map [KIND:]SOURCE=TARGET]…  (CSV or JSON Lines)';

export function parseImportArgs(argv: string[]): ImportArgs {
  let values: {
    data?: string;
    download?: string;
    dest?: string;
    help?: boolean;
    items?: string;
    users?: string;
    events?: string;
    'feedback-types'?: string;
    map?: string[];
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        download: { type: 'string' },
        dest: { type: 'string' },
        items: { type: 'string' },
        users: { type: 'string' },
        events: { type: 'string' },
        'feedback-types': { type: 'string' },
        map: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new ImportUsageError(
      String((e as Error).message)
        .split('\n')[0]
        .replace(/\. To specify a positional.*$/, ''),
    );
  }
  if (values.help) return { mode: 'help' };
  const generic = (['items', 'users', 'events', 'feedback-types'] as const).filter((f) => values[f] !== undefined);
  if (generic.length || values.map) {
    if (values.data !== undefined || values.download !== undefined || values.dest !== undefined) {
      throw new ImportUsageError('give either a MovieLens source (--data, --download) or generic files (--items, --users, --events, --feedback-types), not both');
    }
    if (!generic.length) throw new ImportUsageError('--map renames the columns of --items, --users, --events or --feedback-types files; give at least one');
    for (const f of generic) if (values[f]!.trim() === '') throw new ImportUsageError(`--${f} needs a file`);
    let map;
    try {
      map = parseColumnMap(values.map ?? []);
    } catch (e) {
      if (e instanceof ColumnMapError) throw new ImportUsageError(e.message);
      throw e;
    }
    return {
      mode: 'generic',
      files: { items: values.items, users: values.users, events: values.events, feedbackTypes: values['feedback-types'], map },
    };
  }
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
  throw new ImportUsageError('--data DIR (a MovieLens folder), --download ml-latest-small, or generic files (--items, --users, --events, --feedback-types) are required');
}
