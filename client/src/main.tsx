import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/styles.css';
import { setServerKey } from './lib/api-key';
import { createApolloClient } from './lib/apollo-client';
import { fetchClientConfig } from './lib/client-config';
import { setServerStatus } from './lib/server-status';

// The key the server offers its own pages is fetched before the first request, so the very
// first mutation already carries it. An unreachable server still renders the app (with the banner).
async function start(): Promise<void> {
  const config = await fetchClientConfig();
  if (config) setServerKey(config.apiKey);
  else setServerStatus('down');
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App client={createApolloClient()} />
    </StrictMode>,
  );
}

void start();
