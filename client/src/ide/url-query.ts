/**
 * `/graphql?query=…` opens the IDE with that operation in the editor, so a link can carry a
 * query. Only a browser asking for HTML gets the IDE at that address; an API client sending the
 * same GET with Accept: application/json (or none) still has it executed, as before.
 */
export function queryFromUrl(search: string): string | undefined {
  return new URLSearchParams(search).get('query') ?? undefined;
}
