import { stopE2eServer, type E2eServer } from './e2e-server';

/** stops the run's shared server and removes its folder and cluster */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__TASTEGRAPH_E2E__ as E2eServer | undefined;
  if (state) await stopE2eServer(state);
}
