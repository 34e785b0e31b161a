import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { graphql } from '../gql';
import { currentApiKey, subscribeApiKey } from './api-key';

const ViewerScopes = graphql(`
  query ViewerScopes {
    viewer {
      authenticated
      keyName
      scopes
    }
  }
`);

export interface Viewer {
  /** the key may change data (write scope): rate, edit the catalog, delete users */
  canWrite: boolean;
  /** the key may train and activate models (admin scope) */
  canAdmin: boolean;
  keyName: string | null;
  loading: boolean;
}

/**
 * What the current key may do: asked of the server (`viewer.scopes`), and asked again whenever the
 * key changes, rather than guessed from where the key came from.
 */
export function useViewer(): Viewer {
  const key = useSyncExternalStore(subscribeApiKey, currentApiKey, currentApiKey);
  const { data, loading, refetch } = useQuery(ViewerScopes, { fetchPolicy: 'network-only' });
  const seenKey = useRef(key);
  useEffect(() => {
    if (seenKey.current === key) return;
    seenKey.current = key;
    void refetch().catch(() => undefined); // an unknown key answers UNAUTHENTICATED: no admin then
  }, [key, refetch]);
  const viewer = data?.viewer;
  return {
    canWrite: !!viewer?.scopes.includes('write'),
    canAdmin: !!viewer?.scopes.includes('admin'),
    keyName: viewer?.keyName ?? null,
    loading,
  };
}
