/**
 * One line of an import file, as named fields, whatever the format: a CSV record read against its
 * header, or a JSON Lines object. Column names are the import format's (after --map). The record
 * builders (records.ts) read fields through this, so both formats share every check and message.
 */
import { ImportFormatError } from './format-error';
import { describeRename, type FileKind } from './column-map';

export type FileFormat = 'csv' | 'jsonl';

export interface Row {
  readonly format: FileFormat;
  readonly file: string;
  readonly line: number;
  /** whether the file (CSV) or this line (JSON Lines) has the column at all */
  has(name: string): boolean;
  /** the raw value: a CSV cell (string) or a JSON value; undefined when there is none */
  get(name: string): unknown;
  /** 1-based column of a field, for messages: the field number in CSV, the key's character in JSON Lines */
  column(name: string): number;
  /** the name in messages: "value", or "value (rating in the file)" when --map renamed it */
  label(name: string): string;
  /** columns outside the format's own (they become item attributes), in file order */
  extras(): [name: string, raw: unknown][];
}

/** the import format's own columns of each kind of file; the first ones are required */
export const COLUMNS: Record<FileKind, { all: readonly string[]; required: readonly string[]; open: boolean }> = {
  items: { all: ['id', 'title', 'categories', 'description', 'published_at', 'hidden'], required: ['id', 'title'], open: true },
  users: { all: ['id', 'labels'], required: ['id'], open: false },
  events: { all: ['user_id', 'item_id', 'kind', 'value', 'timestamp'], required: ['user_id', 'item_id', 'kind'], open: false },
  'feedback-types': { all: ['name', 'weight', 'polarity', 'conversion'], required: ['name', 'weight', 'polarity'], open: false },
};

/**
 * The format's names for a list of source names (a CSV header, a JSON object's keys): renames
 * applied, dropped columns as null. Checks what can be checked from the names alone: no column twice,
 * no unknown column where the kind has no attributes, every required one present.
 * `at(k)` is the column to report for the k-th source name.
 */
export function resolveNames(
  kind: FileKind,
  file: string,
  line: number,
  sources: readonly string[],
  renames: ReadonlyMap<string, string>,
  at: (k: number) => number,
  requireAll: boolean,
): (string | null)[] {
  const spec = COLUMNS[kind];
  const fail = (column: number, reason: string): never => {
    throw new ImportFormatError(file, line, column, '', reason);
  };
  const seen = new Map<string, number>();
  const names = sources.map((source, k) => {
    const target = renames.has(source) ? renames.get(source)! : source;
    if (renames.has(source) && target === '') return null; // dropped by --map source=
    if (target === '') fail(at(k), `column ${k + 1} has no name; name it in the header`);
    const via = target !== source ? ` (${describeRename(source, target)})` : '';
    if (seen.has(target)) fail(at(k), `column "${target}"${via} appears twice (first as column ${seen.get(target)})`);
    seen.set(target, at(k));
    if (!spec.open && !spec.all.includes(target)) {
      if (target !== source) {
        fail(
          at(k),
          `column "${source}" is renamed to "${target}"${via}, which ${kind} do not have (${spec.all.join(', ')}); ` +
            `limit the map to the file it is meant for, e.g. --map items:${source}=${target}`,
        );
      }
      fail(at(k), `unknown column "${source}"; ${kind} have ${spec.all.join(', ')} ` + `(rename it with --map ${source}=COLUMN, or leave it out with --map ${source}=)`);
    }
    return target;
  });
  if (requireAll) {
    for (const name of spec.required) {
      if (!seen.has(name)) {
        const found = sources.length ? `its columns are ${sources.map((s) => `"${s}"`).join(', ')}` : 'it has no columns';
        fail(0, `no "${name}" column: ${kind} need ${spec.required.join(', ')}; ${found} (rename one with --map SOURCE=${name})`);
      }
    }
  }
  return names;
}
