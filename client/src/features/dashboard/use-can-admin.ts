import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { graphql } from '../../gql';
import { currentApiKey, subscribeApiKey } from '../../lib/api-key';

const ViewerScopes = graphql(`
  query ViewerScopes {
    viewer {
      authenticated
      keyName
      scopes
    }
  }
`);

/**
 * Whether the current key may train and activate: asked of the server (`viewer.scopes`), and asked
 * again whenever the key changes, rather than guessed from where the key came from.
 */
export function useCanAdmin(): { canAdmin: boolean; keyName: string | null; loading: boolean } {
  const key = useSyncExternalStore(subscribeApiKey, currentApiKey, currentApiKey);
  const { data, loading, refetch } = useQuery(ViewerScopes, { fetchPolicy: 'network-only' });
  const seenKey = useRef(key);
  useEffect(() => {
    if (seenKey.current === key) return;
    seenKey.current = key;
    void refetch().catch(() => undefined); // an unknown key answers UNAUTHENTICATED: no admin then
  }, [key, refetch]);
  const viewer = data?.viewer;
  return { canAdmin: !!viewer?.scopes.includes('admin'), keyName: viewer?.keyName ?? null, loading };
}
