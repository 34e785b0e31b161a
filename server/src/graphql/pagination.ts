import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { Page } from '../services/paging';

/** Relay-style page info; cursors are opaque base64 strings (services/paging.ts issues and reads them). */
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** a service's page as a connection object of the given type, each node mapped to its GraphQL type */
export function toConnection<C extends object, R, T>(type: new () => C, page: Page<R>, nodeOf: (r: R) => T): C {
  return Object.assign(new type(), {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: nodeOf(e.node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  });
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
