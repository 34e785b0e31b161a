/**
 * `--map source=target` renames a file's columns (CSV header names, JSON Lines keys) to the import
 * format's names before anything else reads them: `--map product_id=id`. Repeatable. A map may be
 * limited to one kind of file (`--map events:product_id=item_id`, as the same source column often
 * means different things in items and events), and an empty target drops a column
 * (`--map session_id=`). Unscoped maps apply to every file that has the source column.
 */
export const FILE_KINDS = ['items', 'users', 'events', 'feedback-types'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface ColumnRename {
  /** null: every kind of file */
  scope: FileKind | null;
  source: string;
  /** '' drops the column */
  target: string;
}

/** a --map value that cannot be understood; the CLIs report it as a usage error */
export class ColumnMapError extends Error {
  override readonly name = 'ColumnMapError';
}

export function parseColumnMap(specs: readonly string[]): ColumnRename[] {
  const out: ColumnRename[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) throw new ColumnMapError(`--map "${spec}" needs the form SOURCE=TARGET (e.g. product_id=id), or KIND:SOURCE=TARGET with KIND one of ${FILE_KINDS.join(', ')}`);
    let left = spec.slice(0, eq).trim();
    const target = spec.slice(eq + 1).trim();
    let scope: FileKind | null = null;
    const colon = left.indexOf(':');
    if (colon > 0 && (FILE_KINDS as readonly string[]).includes(left.slice(0, colon))) {
      scope = left.slice(0, colon) as FileKind;
      left = left.slice(colon + 1).trim();
    }
    if (left === '') throw new ColumnMapError(`--map "${spec}" names no source column`);
    const clash = out.find((r) => r.source === left && r.scope === scope);
    if (clash) throw new ColumnMapError(`--map gives column "${left}"${scope ? ` of ${scope}` : ''} two targets ("${clash.target}" and "${target}")`);
    out.push({ scope, source: left, target });
  }
  return out;
}

/**
 * The renames that apply to one kind of file, as source → target; a scoped map wins over an
 * unscoped one for the same source column.
 */
export function renamesFor(map: readonly ColumnRename[], kind: FileKind): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const r of map) if (r.scope === null) out.set(r.source, r.target);
  for (const r of map) if (r.scope === kind) out.set(r.source, r.target);
  return out;
}

/** how a rename reads in a message: "--map product_id=id" */
export function describeRename(source: string, target: string): string {
  return `--map ${source}=${target}`;
}
