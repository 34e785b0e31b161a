import { GraphQLError, GraphQLID, GraphQLScalarType, type ValueNode } from 'graphql';
import { escapeInvisible, invisibleInId } from '../data/catalog-rules';

/** the id rule's invisible-character check is declared once, with every other field rule */
export { escapeInvisible };

function checked(id: string, node?: ValueNode): string {
  const found = invisibleInId(id);
  if (!found) return id;
  const shown = escapeInvisible(id.length > 80 ? `${id.slice(0, 77)}…` : id);
  throw new GraphQLError(`ID "${shown}" ${found.problem.message}`, {
    nodes: node,
    extensions: { code: 'BAD_USER_INPUT', character: found.code, position: found.position },
  });
}

/**
 * The schema's `ID`: GraphQL's own ID (a string or an integer, always a string once parsed), which
 * also refuses ids with invisible text-direction or zero-width characters — every id argument and
 * input field at once, whether the value comes from a variable or is written in the query.
 * Named "ID" and used for every id of the schema instead of graphql-js's GraphQLID (a schema cannot
 * hold two types with one name); the SDL is unchanged.
 */
export const ID = new GraphQLScalarType<string, string>({
  ...GraphQLID.toConfig(),
  parseValue: (value) => checked(GraphQLID.parseValue(value)),
  parseLiteral: (node, variables) => checked(GraphQLID.parseLiteral(node, variables), node),
});
