import { loadConfig, type Config } from '../../src/config';
import { createQuietLogger } from '../../src/logger';
import { startServer, type RunningServer } from '../../src/server';
import { createTestDatabase, type TestDatabase } from './db';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  server: RunningServer;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real server, over real HTTP on a free port, on a fresh database of the run's PostgreSQL. */
export async function startTestServer(overrides: Partial<Config> = {}, options: { waitForModels?: boolean } = {}): Promise<TestServer> {
  const db = await createTestDatabase({ migrate: false });
  await db.dataSource.destroy(); // the server opens its own pool
  // serving bounds of 10 s, not 1 s: on a loaded 2-core machine a pooled connection can take over a
  // second to come free, which would turn an ordinary request into UNAVAILABLE (tests of the bounds
  // themselves pass their own, or use database-bounds.test.ts)
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.url,
    seedDemo: false,
    databaseStatementTimeoutMs: 10_000,
    databaseConnectTimeoutMs: 10_000,
    ...overrides,
  };
  const server = await startServer(config, createQuietLogger(), { showFirstAdminKey: () => undefined });
  // first start: every strategy is trained once by the job runner before recommendations answer
  if (options.waitForModels ?? config.seedDemo) await server.waitUntilReady(120_000);
  const gql: TestServer['gql'] = async (query, variables, headers = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLResponse;
    return { ...body, status: res.status } as GraphQLResponse<any>;
  };
  return {
    url: server.url,
    db,
    server,
    gql,
    async close() {
      await server.close();
      await db.drop();
    },
  };
}
