/**
 * Reads one table of a model written elsewhere: factor rows (`id,f0,f1,…`, or JSON Lines
 * `{"id": …, "factors": […]}` — `features` is accepted too, the column name of Spark MLlib's
 * userFactors / itemFactors DataFrames) or biases (`id,bias` / `{"id": …, "bias": …}`).
 *
 * - The format follows the extension: .csv, or .jsonl / .ndjson / .json (Spark's `df.write.json`
 *   writes JSON Lines under .json). A folder is read as the part files Spark writes into it (names
 *   starting with `_` or `.`, such as _SUCCESS and .crc files, are skipped), in name order.
 * - CSV: the header line is optional. The first line is a header when none of its fields after the
 *   first is a number (a data line whose factors are all text would be wrong anyway); it is not read.
 * - Ids are the external ids (users.external_id, items.external_id); a JSON number id is its decimal text.
 * Every row must have the same number of factors, finite numbers only, each id once; the first
 * problem is an ImportFormatError naming file:line(:column), and the file is not used.
 * Rows are kept in typed arrays (the values) plus one id string each: a million rows of 64 factors is
 * 256 MB of values, about what the model will hold anyway.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Growable } from '../../engine/dataset/growable';
import { CsvRecordSplitter, CsvSyntaxError } from '../../data/importers/generic/csv';
import { ImportFormatError } from '../../data/importers/generic/format-error';
import { forEachLine } from '../../data/importers/line-reader';

export type TableKind = 'factors' | 'biases';

export interface FactorTable {
  /** what the flag named (a file or a folder) */
  source: string;
  kind: TableKind;
  /** values per row: k for factors, 1 for biases */
  width: number;
  ids: string[];
  /** rows × width, row-major, in file order */
  values: Float32Array;
  /** where each row was read, for messages about it after reading (an unknown id, a mismatch) */
  where(row: number): { file: string; line: number };
}

const FORMATS: Record<string, 'csv' | 'jsonl'> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' };
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** the files a flag names: the file itself, or a folder's part files */
function partFiles(source: string, flag: string): string[] {
  let st;
  try {
    st = statSync(source);
  } catch {
    throw new ImportFormatError(source, 0, 0, '', `${flag} ${source} does not exist`);
  }
  if (!st.isDirectory()) return [source];
  const parts = readdirSync(source)
    .filter((n) => !n.startsWith('_') && !n.startsWith('.') && FORMATS[extname(n).toLowerCase()] && statSync(join(source, n)).isFile())
    .sort();
  if (!parts.length) throw new ImportFormatError(source, 0, 0, '', `${flag} names a folder without .csv, .json, .jsonl or .ndjson part files`);
  return parts.map((n) => join(source, n));
}

function formatOf(file: string): 'csv' | 'jsonl' {
  const f = FORMATS[extname(file).toLowerCase()];
  if (!f) throw new ImportFormatError(file, 0, 0, '', `cannot tell the format from "${extname(file) || 'no extension'}"; name it .csv, .jsonl, .ndjson or .json`);
  return f;
}

/** models hold float32: a number beyond its range would become Infinity */
const finite32 = (x: number): number | string => (Number.isFinite(Math.fround(x)) ? x : `${x} is outside the float32 range of model factors`);

/** a finite number from a CSV cell or a JSON value, else a reason */
function numberOf(raw: unknown): number | string {
  if (typeof raw === 'number') return Number.isFinite(raw) ? finite32(raw) : `${raw} is not a finite number`;
  if (typeof raw !== 'string') return `${JSON.stringify(raw)} is not a number`;
  const s = raw.trim();
  if (/^[+-]?(nan|inf(inity)?)$/i.test(s)) return `${s} is not a finite number (did the external fit diverge?)`;
  if (!NUMBER.test(s)) return `"${raw}" is not a number`;
  return finite32(Number(s));
}

export async function readFactorTable(source: string, kind: TableKind, flag: string): Promise<FactorTable> {
  const values = new Growable(Float32Array, 1 << 16);
  const ids: string[] = [];
  const fileOf: number[] = []; // part file index per row (folders of part files)
  const lineOf = new Growable(Int32Array, 1 << 12);
  const firstRow = new Map<string, number>();
  const files = partFiles(source, flag);
  let width = -1;
  let widthAt = '';

  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi];
    const format = formatOf(file);
    const fail = (line: number, column: number, field: string, reason: string): never => {
      throw new ImportFormatError(file, line, column, field, reason);
    };
    const add = (id: string, nums: readonly number[], line: number, idColumn: number) => {
      if (id.trim() === '') fail(line, idColumn, 'id', 'is empty');
      const seen = firstRow.get(id);
      if (seen !== undefined) {
        const w = where(seen);
        fail(line, idColumn, 'id', `"${id}" appears twice (first at ${w.file === file ? '' : `${basename(w.file)}:`}line ${w.line}); each id has one row`);
      }
      if (width < 0) {
        width = nums.length;
        widthAt = `${basename(file)}:${line}`;
        if (width === 0) fail(line, 0, '', kind === 'factors' ? 'has no factors after the id' : 'has no bias after the id');
      } else if (nums.length !== width) {
        fail(line, 0, '', `has ${nums.length} ${kind === 'factors' ? 'factors' : 'values'}, the first row ${width} (${widthAt}); every row has the same number`);
      }
      firstRow.set(id, ids.length);
      ids.push(id);
      fileOf.push(fi);
      lineOf.push(line);
      for (const x of nums) values.push(x);
    };
    const where = (row: number) => ({ file: files[fileOf[row]], line: lineOf.view()[row] });

    const splitter = new CsvRecordSplitter();
    let first = true;
    const onText = (text: string, line: number) => {
      if (format === 'jsonl') {
        if (text.trim() === '') return;
        jsonRow(text, line, kind, fail, add);
        return;
      }
      const rec = splitter.push(text, line);
      if (!rec || (rec.fields.length === 1 && rec.fields[0].trim() === '')) return;
      const fields = rec.fields;
      if (first) {
        first = false;
        // a header: no field after the id is a number
        if (fields.length > 1 && fields.slice(1).every((f) => typeof numberOf(f) === 'string')) return;
      }
      if (kind === 'biases' && fields.length !== 2) fail(rec.line, 0, '', `has ${fields.length} fields; a bias file has two: id,bias`);
      const nums: number[] = [];
      for (let c = 1; c < fields.length; c++) {
        const x = numberOf(fields[c]);
        if (typeof x === 'string') fail(rec.line, c + 1, kind === 'biases' ? 'bias' : `f${c - 1}`, x);
        nums.push(x as number);
      }
      add(fields[0], nums, rec.line, 1);
    };
    try {
      await forEachLine(file, (bytes, start, end, line) => {
        let text = bytes.toString('utf8', start, end);
        if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        onText(text, line);
      });
      if (format === 'csv') splitter.finish();
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw new ImportFormatError(file, e.line, e.column, '', e.reason);
      throw e;
    }
  }
  if (!ids.length) throw new ImportFormatError(files[0], 0, 0, '', `${flag} holds no rows`);
  const lines = lineOf.view().slice();
  return {
    source,
    kind,
    width,
    ids,
    values: values.view().slice(),
    where: (row) => ({ file: files[fileOf[row]], line: lines[row] }),
  };
}

/** one JSON Lines row: {"id": …, "factors"|"features": […]} or {"id": …, "bias": …} */
function jsonRow(
  text: string,
  line: number,
  kind: TableKind,
  fail: (line: number, column: number, field: string, reason: string) => never,
  add: (id: string, nums: readonly number[], line: number, idColumn: number) => void,
): void {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    fail(line, 0, '', `is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const example = kind === 'factors' ? '{"id": "1", "factors": [0.1, -0.2]}' : '{"id": "1", "bias": 0.3}';
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) fail(line, 1, '', `must be a JSON object such as ${example}`);
  const o = obj as Record<string, unknown>;
  const col = (key: string) => Math.max(0, text.indexOf(JSON.stringify(key))) + 1;
  const allowed = kind === 'factors' ? ['id', 'factors', 'features'] : ['id', 'bias'];
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) fail(line, col(key), key, `unknown key; a ${kind} row has ${allowed.join(', ')}${kind === 'factors' ? ' (one of the last two)' : ''}`);
  }
  const rawId = o.id;
  let id: string;
  if (typeof rawId === 'string') id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
  else fail(line, rawId === undefined ? 0 : col('id'), 'id', rawId === undefined ? `has no "id"; rows look like ${example}` : 'must be a string or a number');
  let nums: number[];
  if (kind === 'biases') {
    if (!('bias' in o)) fail(line, 0, '', `has no "bias"; rows look like ${example}`);
    const x = typeof o.bias === 'number' || typeof o.bias === 'string' ? numberOf(o.bias) : 'is not a number';
    if (typeof x === 'string') fail(line, col('bias'), 'bias', x);
    nums = [x as number];
  } else {
    const key = 'factors' in o ? 'factors' : 'features';
    if ('factors' in o && 'features' in o) fail(line, col('features'), 'features', 'a row has "factors" or "features", not both');
    const arr = o[key];
    if (!Array.isArray(arr)) fail(line, arr === undefined ? 0 : col(key), key, arr === undefined ? `has no "factors"; rows look like ${example}` : 'must be an array of numbers');
    nums = [];
    (arr as unknown[]).forEach((v, f) => {
      const x = typeof v === 'number' ? numberOf(v) : `element ${f} is ${JSON.stringify(v)}, not a number`;
      if (typeof x === 'string') fail(line, col(key), key, typeof v === 'number' ? `element ${f}: ${x}` : x);
      nums.push(x as number);
    });
  }
  add(id!, nums, line, col('id'));
}
