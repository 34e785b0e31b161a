import { invalidInput } from './errors';

/** One page of a list: nodes with their opaque cursors, whether more follow, and the total. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

export function encodeCursor(value: string | number): string {
  return Buffer.from(`c:${value}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor == null || cursor === '') return null;
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('c:') || raw.length < 3) {
    throw invalidInput(field, `"${field}" is not a cursor this API issued; pass an endCursor from a previous page`);
  }
  return raw.slice(2);
}

export const MAX_PAGE = 100;

export function pageSize(first: number | null | undefined, def = 20, field = 'first'): number {
  const n = first ?? def;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw invalidInput(field, `"${field}" must be between 1 and ${MAX_PAGE}, got ${n}`);
  }
  return n;
}

/** `rows` holds up to limit + 1 rows: the extra one only says that another page follows */
export function toPage<R, T>(rows: R[], limit: number, totalCount: number, cursorOf: (r: R) => string, nodeOf: (r: R) => T): Page<T> {
  const edges = rows.slice(0, limit).map((r) => ({ cursor: encodeCursor(cursorOf(r)), node: nodeOf(r) }));
  return { edges, hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null, totalCount };
}
