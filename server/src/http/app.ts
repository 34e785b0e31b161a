import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { Database } from '../data/database';
import type { Context } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { createLoaders } from '../graphql/loaders';
import type { Logger } from '../logger';
import { repoRoot } from '../paths';
import type { Services } from '../services/services';

export interface AppDeps {
  config: Config;
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  logger: Logger;
}

/** Express app: GraphQL at /graphql, /health, /ready, and the built client at /. */
export async function createApp(deps: AppDeps): Promise<{ app: express.Express; apollo: ApolloServer<Context> }> {
  const { config, db, services, schema, logger } = deps;
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', async (_req, res) => {
    const database = await pingDatabase(db);
    res.status(200).json({ status: 'ok', database });
  });

  // readiness: the database answers and the models are loaded (load balancers route on this)
  app.get('/ready', async (_req, res) => {
    const database = await pingDatabase(db);
    const models = services.recommendations.ready;
    const reasons = [database === 'down' && 'database unreachable', !models && 'models still loading'].filter(Boolean);
    res.status(reasons.length ? 503 : 200).json({ ready: !reasons.length, database, models: models ? 'loaded' : 'loading', reasons });
  });

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    formatError: (formatted, error) => formatError(formatted, error, { logger, development: config.nodeEnv === 'development' }),
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (req.headers['x-request-id'] as string) || randomUUID();
        return {
          requestId,
          logger: logger.child({ requestId }),
          loaders: createLoaders(services.repos),
          services,
          auth: { keyName: null, scopes: new Set<string>() },
        };
      },
    }),
  );

  serveClient(app);
  return { app, apollo };
}

/** answers within a second even when the database hangs */
async function pingDatabase(db: Database): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.pool.query('SELECT 1'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1000))),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** the built client (client/dist) with history-API fallback; a placeholder until it is built */
function serveClient(app: express.Express): void {
  const dist = path.join(repoRoot(), 'client', 'dist');
  const index = path.join(dist, 'index.html');
  app.use(express.static(dist, { index: false }));
  app.get(/^\/(?!graphql|health|ready|metrics).*/, (_req, res) => {
    if (fs.existsSync(index)) res.sendFile(index);
    else res.type('html').send('<!doctype html><title>Tastegraph</title><h1>Tastegraph</h1><p>The API is at <a href="/graphql">/graphql</a>. Build the client with <code>npm run build</code>.</p>');
  });
}
