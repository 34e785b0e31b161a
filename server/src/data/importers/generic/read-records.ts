/**
 * Streams the records of one import file, CSV or JSON Lines by its extension, a few MB at a time
 * (line-reader.ts), so files larger than memory are fine. Records are handed over in batches, one per
 * chunk read; when onBatch returns a promise, reading waits for it (a COPY stream's backpressure).
 */
import { extname } from 'node:path';
import { forEachLine } from '../line-reader';
import { renamesFor, type ColumnRename, type FileKind } from './column-map';
import { CsvRecordSplitter, CsvSyntaxError } from './csv';
import { ImportFormatError } from './format-error';
import {
  eventRecord,
  feedbackTypeRecord,
  itemRecord,
  userRecord,
  type DeclaredKinds,
  type EventRecord,
  type FeedbackTypeRecord,
  type ItemRecord,
  type UserRecord,
} from './records';
import { COLUMNS, resolveNames, type FileFormat, type Row } from './rows';

export interface ReadOptions<T> {
  map?: readonly ColumnRename[];
  /** bytes read so far and the file's size */
  onProgress?(done: number, total: number): void;
  onBatch(records: T[]): void | Promise<void>;
  /** bytes per read (tests use tiny chunks to put records across chunk boundaries) */
  chunkBytes?: number;
}

/** the format of a file by its extension; anything else is an error saying which names work */
export function fileFormat(file: string, kind: FileKind): FileFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new ImportFormatError(file, 0, 0, '', `cannot tell the format of the ${kind} file from "${ext || 'no extension'}"; name it .csv, .jsonl or .ndjson`);
}

export const readItems = (file: string, opts: ReadOptions<ItemRecord>) => readRecords('items', file, opts, itemRecord);
export const readUsers = (file: string, opts: ReadOptions<UserRecord>) => readRecords('users', file, opts, userRecord);
export const readEvents = (file: string, kinds: DeclaredKinds, opts: ReadOptions<EventRecord>) => readRecords('events', file, opts, (row) => eventRecord(row, kinds));
export const readFeedbackTypes = (file: string, opts: ReadOptions<FeedbackTypeRecord>) => readRecords('feedback-types', file, opts, feedbackTypeRecord);

/** every record of a small file (feedback types) at once */
export async function readAll<T>(read: (opts: ReadOptions<T>) => Promise<void>): Promise<T[]> {
  const out: T[] = [];
  await read({
    onBatch: (batch) => {
      out.push(...batch);
    },
  });
  return out;
}

async function readRecords<T>(kind: FileKind, file: string, opts: ReadOptions<T>, build: (row: Row) => T): Promise<void> {
  const format = fileFormat(file, kind);
  const renames = renamesFor(opts.map ?? [], kind);
  const onRow = format === 'csv' ? csvRows(kind, file, renames) : jsonlRows(kind, file, renames);
  let batch: T[] = [];
  try {
    await forEachLine(
      file,
      (bytes, start, end, line) => {
        const row = onRow(decodeLine(file, bytes, start, end, line), line);
        if (row) batch.push(build(row));
      },
      async (done, total) => {
        opts.onProgress?.(done, total);
        if (batch.length) {
          const full = batch;
          batch = [];
          await opts.onBatch(full);
        }
      },
      opts.chunkBytes,
    );
    onRow(null, 0);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ImportFormatError(file, e.line, e.column, '', e.reason);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImportFormatError(file, 0, 0, '', `the ${kind} file ${file} does not exist`);
    throw e;
  }
}

function decodeLine(file: string, bytes: Buffer, start: number, end: number, line: number): string {
  let text = bytes.toString('utf8', start, end);
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // U+FFFD is what invalid bytes decode to; the strict decoder tells a real one from a broken file
  if (text.includes('\uFFFD')) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end));
    } catch {
      throw new ImportFormatError(file, line, 0, '', 'is not UTF-8 text; save the file as UTF-8');
    }
  }
  return text;
}

/**
 * CSV: the first record is the header; every later record becomes a Row over its fields.
 * Returns null for a blank line or while a quoted field continues; called with null at the end.
 */
function csvRows(kind: FileKind, file: string, renames: ReadonlyMap<string, string>): (text: string | null, line: number) => Row | null {
  const splitter = new CsvRecordSplitter();
  let header: { sources: string[]; index: Map<string, number>; extras: [string, number][] } | null = null;
  return (text, line) => {
    if (text === null) {
      splitter.finish();
      if (!header) throw new ImportFormatError(file, 1, 0, '', `is empty; a CSV ${kind} file starts with a header line (${COLUMNS[kind].all.join(',')})`);
      return null;
    }
    const rec = splitter.push(text, line);
    if (!rec || (rec.fields.length === 1 && rec.fields[0].trim() === '')) return null;
    if (!header) {
      const sources = rec.fields.map((f) => f.trim());
      const names = resolveNames(kind, file, rec.line, sources, renames, (k) => k + 1, true);
      const index = new Map<string, number>();
      const extras: [string, number][] = [];
      names.forEach((name, k) => {
        if (name === null) return;
        index.set(name, k);
        if (!COLUMNS[kind].all.includes(name)) extras.push([name, k]);
      });
      header = { sources, index, extras };
      return null;
    }
    const h = header;
    const fields = rec.fields;
    if (fields.length !== h.sources.length) {
      throw new ImportFormatError(
        file,
        rec.line,
        0,
        '',
        `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${h.sources.length} (${h.sources.join(',')}); ` + 'quote a field that holds a comma ("a, b")',
      );
    }
    return {
      format: 'csv',
      file,
      line: rec.line,
      has: (name) => h.index.has(name),
      get: (name) => {
        const k = h.index.get(name);
        return k === undefined ? undefined : fields[k];
      },
      column: (name) => (h.index.get(name) ?? -1) + 1,
      label: (name) => {
        const k = h.index.get(name);
        return k !== undefined && h.sources[k] !== name ? `${name} (${h.sources[k]} in the file)` : name;
      },
      extras: () => h.extras.map(([name, k]) => [name, fields[k]]),
    };
  };
}

/** JSON Lines: one object per line; blank lines are skipped */
function jsonlRows(kind: FileKind, file: string, renames: ReadonlyMap<string, string>): (text: string | null, line: number) => Row | null {
  const spec = COLUMNS[kind];
  return (text, line) => {
    if (text === null || text.trim() === '') return null;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      throw new ImportFormatError(file, line, at ? Number(at[1]) + 1 : 0, '', `is not valid JSON (${(e as Error).message.split('\n')[0]})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new ImportFormatError(file, line, 1, '', 'must be a JSON object, such as {"id": "1", …}');
    }
    const record = obj as Record<string, unknown>;
    const sources = Object.keys(record);
    const keyColumn = (source: string): number => {
      const at = text.indexOf(JSON.stringify(source));
      return at < 0 ? 1 : at + 1;
    };
    const names = resolveNames(kind, file, line, sources, renames, (k) => keyColumn(sources[k]), false);
    const values = new Map<string, unknown>();
    const sourceOf = new Map<string, string>();
    names.forEach((name, k) => {
      if (name === null) return;
      values.set(name, record[sources[k]]);
      sourceOf.set(name, sources[k]);
    });
    return {
      format: 'jsonl',
      file,
      line,
      has: (name) => values.has(name),
      get: (name) => values.get(name),
      column: (name) => (sourceOf.has(name) ? keyColumn(sourceOf.get(name)!) : 0),
      label: (name) => {
        const source = sourceOf.get(name);
        return source !== undefined && source !== name ? `${name} (${source} in the file)` : name;
      },
      extras: () => [...values].filter(([name]) => !spec.all.includes(name)),
    };
  };
}

/**
 * The column of a field on a given line, for problems found after reading (a duplicate id found by
 * the database): the header's position in CSV, the key's character on that line in JSON Lines.
 * Reads only as far as it needs to.
 */
export async function locateField(kind: FileKind, file: string, line: number, field: string, map: readonly ColumnRename[] = []): Promise<number> {
  const format = fileFormat(file, kind);
  const renames = renamesFor(map, kind);
  const onRow = format === 'csv' ? csvRows(kind, file, renames) : jsonlRows(kind, file, renames);
  const found = Symbol('found');
  let column = 0;
  try {
    await forEachLine(file, (bytes, start, end, n) => {
      if (format === 'jsonl' && n !== line) return;
      const row = onRow(decodeLine(file, bytes, start, end, n), n);
      if (row || n >= line) {
        column = row ? row.column(field) : 0;
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel that ends forEachLine early, caught below
        throw found;
      }
    });
  } catch (e) {
    if (e !== found) throw e;
  }
  return column;
}
