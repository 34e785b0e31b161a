import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { tap } from 'rxjs';
import { currentApiKey } from './api-key';
import { setServerStatus } from './server-status';

/** a failure that means "the server is not there" rather than "the server said no" */
export function isUnreachable(error: unknown): boolean {
  if (CombinedGraphQLErrors.is(error)) return false;
  // a dev proxy with nothing behind it; a 503 carrying a GraphQL error (UNAVAILABLE: the server
  // answered, its database did not) means the server is there
  if (ServerError.is(error)) return error.statusCode >= 502 && !answeredWithErrors(error.bodyText);
  return error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message));
}

function answeredWithErrors(text: string | undefined): boolean {
  try {
    return Array.isArray((JSON.parse(text ?? '') as { errors?: unknown }).errors);
  } catch {
    return false;
  }
}

/** Every request carries the current key; every answer (or its absence) updates the banner. */
export function createApolloClient(uri = '/graphql'): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const key = currentApiKey();
    return key ? { headers: { ...(prev.headers as Record<string, string> | undefined), authorization: `Bearer ${key}` } } : {};
  });
  const reachability = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap({
        next: () => setServerStatus('up'),
        error: (error: unknown) => setServerStatus(isUnreachable(error) ? 'down' : 'up'),
      }),
    ),
  );
  return new ApolloClient({
    link: ApolloLink.from([reachability, auth, new HttpLink({ uri })]),
    // strategies are asked for by several queries with different fields (picker, taste map): one
    // entity per name merges them, where unkeyed lists would overwrite each other and refetch in turn
    cache: new InMemoryCache({ typePolicies: { StrategyInfo: { keyFields: ['name'] } } }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
