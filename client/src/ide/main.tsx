import { explorerPlugin } from '@graphiql/plugin-explorer';
import '@graphiql/plugin-explorer/style.css';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { currentApiKey, setServerKey } from '../lib/api-key';
import { fetchClientConfig } from '../lib/client-config';
import { DEFAULT_QUERY } from './default-query';
import { createIdeFetcher } from './ide-fetcher';
import { queryFromUrl } from './url-query';

// Served by the server at GET /graphql (a browser asking for HTML), built apart from the main
// client (vite.ide.config.ts). Same key rules as the client: fetch /client-config.json first.
const explorer = explorerPlugin();

async function start(): Promise<void> {
  const config = await fetchClientConfig();
  if (config) setServerKey(config.apiKey);
  const fetcher = createIdeFetcher({ url: '/graphql', apiKey: currentApiKey });
  createRoot(document.getElementById('ide')!).render(
    <StrictMode>
      <GraphiQL fetcher={fetcher} plugins={[explorer]} visiblePlugin={explorer} defaultQuery={DEFAULT_QUERY} initialQuery={queryFromUrl(window.location.search)}>
        <GraphiQL.Logo>
          <a href="/">Tastegraph</a> GraphiQL
        </GraphiQL.Logo>
      </GraphiQL>
    </StrictMode>,
  );
}

void start();
