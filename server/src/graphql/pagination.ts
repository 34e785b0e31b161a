import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors';

/** Relay-style page info; cursors are opaque base64 strings. */
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export function encodeCursor(value: string | number): string {
  return Buffer.from(`c:${value}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor == null || cursor === '') return null;
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('c:') || raw.length < 3) {
    throw badInput(field, `"${field}" is not a cursor this API issued; pass an endCursor from a previous page`);
  }
  return raw.slice(2);
}

export const MAX_PAGE = 100;

export function pageSize(first: number | null | undefined, def = 20, field = 'first'): number {
  const n = first ?? def;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw badInput(field, `"${field}" must be between 1 and ${MAX_PAGE}, got ${n}`);
  }
  return n;
}

/** A connection type for a node type: `edges { cursor node }`, `pageInfo`, `totalCount`. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'total number of nodes matching, across all pages' })
    totalCount: number;
  }
  return ConnectionClass;
}
