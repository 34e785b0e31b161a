import { GraphQLError, GraphQLID, GraphQLScalarType, type ValueNode } from 'graphql';

/**
 * Invisible characters that change how text around them is shown (Trojan Source, CVE-2021-42574):
 * bidirectional embeddings, overrides, isolates and marks, and zero-width characters. In an id they
 * make two different ids look the same, or one id look like another, in logs, tables and consoles.
 */
const INVISIBLE: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};
const INVISIBLE_RE = new RegExp(`[${Object.keys(INVISIBLE).map((c) => `\\u${Number(c).toString(16).padStart(4, '0')}`).join('')}]`, 'g');

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** the text with every such character written as a \uXXXX escape (safe to show in a message or log) */
export const escapeInvisible = (s: string): string => s.replace(INVISIBLE_RE, escape);

/** the first such character in an id and its position (1-based, in characters), or null */
export function findInvisible(id: string): { char: string; position: number } | null {
  let position = 0;
  for (const char of id) {
    position++;
    if (INVISIBLE[char.codePointAt(0)!]) return { char, position };
  }
  return null;
}

function checked(id: string, node?: ValueNode): string {
  const found = findInvisible(id);
  if (!found) return id;
  const shown = escapeInvisible(id.length > 80 ? `${id.slice(0, 77)}…` : id);
  const code = escape(found.char);
  throw new GraphQLError(
    `ID "${shown}" contains ${INVISIBLE[found.char.codePointAt(0)!]} (${code}) at character ${found.position}: ` +
      'ids must not contain text-direction or zero-width characters, which make one id look like another. Remove it.',
    { nodes: node, extensions: { code: 'BAD_USER_INPUT', character: code, position: found.position } },
  );
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
