import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { Database } from '../data/database';
import { ping } from '../data/ping';
import { RateLimitRepository } from '../data/repositories/rate-limit.repository';
import { authPlugin } from '../graphql/auth';
import { RequestContext, type Context } from '../graphql/context';
import { formatError, isDatabaseDown } from '../graphql/format-error';
import { costLimit, depthLimit, fragmentLimit } from '../graphql/limits';
import { DocumentStore } from '../graphql/document-store';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableStatusPlugin } from '../graphql/unavailable-status';
import type { Logger } from '../logger';
import type { Services } from '../services/services';
import { serveClient } from './client';
import { graphqlCors } from './cors';
import { keyWithheldLog, mayReceiveWebClientKey } from './host-check';
import { serveIde } from './ide';
import { Metrics } from './metrics';
import { RateLimiter, clientIp } from './rate-limit';

export interface AppDeps {
  config: Config;
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  logger: Logger;
  /** a write key the bundled client may use (only when bound to loopback) */
  webClientKey: string | null;
}

const jsonError = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });

/** Express app: GraphQL at /graphql, /health, /ready, /metrics, and the built client at /. */
export async function createApp(deps: AppDeps): Promise<{ app: express.Express; apollo: ApolloServer<Context>; metrics: Metrics }> {
  const { config, db, services, schema, logger } = deps;
  const app = express();
  const metrics = new Metrics();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  // one id per request, echoed back and carried by every log line of it
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    // the access line is debug-level: below it, no clock, listener or line per request at all
    if (logger.isLevelEnabled('debug')) {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        logger.debug({ requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }, 'request');
      });
    }
    next();
  });

  app.get('/health', async (_req, res) => {
    res.status(200).json({ status: 'ok', database: await pingDatabase(db) });
  });

  // readiness: the database answers and the models are loaded (load balancers route on this)
  app.get('/ready', async (_req, res) => {
    const database = await pingDatabase(db);
    const models = services.recommendations.ready;
    const reasons = [database === 'down' && 'database unreachable', !models && 'models still loading'].filter(Boolean);
    res.status(reasons.length ? 503 : 200).json({ ready: !reasons.length, database, models: models ? 'loaded' : 'loading', reasons });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // a browser's GET /graphql gets the bundled GraphiQL; everything else reaches Apollo below
  serveIde(app, { enabled: config.graphqlIde });

  // counted here, reconciled with the other replicas through PostgreSQL (rate-limit.ts)
  const limiter = new RateLimiter(config.rateLimitPerMinute, new RateLimitRepository(db.dataSource), { syncMs: config.rateLimitSyncMs, logger });
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    validationRules: [depthLimit(config.maxQueryDepth), fragmentLimit()],
    documentStore: new DocumentStore(),
    allowBatchedHttpRequests: false,
    // the process's entry point decides what a signal does (drain, then stop PostgreSQL)
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    formatError: (formatted, error) => formatError(formatted, error, { logger, development: config.nodeEnv === 'development' }),
    plugins: [
      // the IDE is our own bundled GraphiQL (./ide.ts), never Apollo's CDN-loaded Sandbox
      ApolloServerPluginLandingPageDisabled(),
      // the schema declares no cache hints, so Apollo's cache-control plugin only ever concluded
      // "cache-control: no-store" — after a hook on every resolved field, which also made Apollo
      // wrap every resolver of the schema. The header is set once per response instead.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      authPlugin({ requireKeyForReads: config.requireKeyForReads }),
      costLimit(schema, config.maxQueryCost),
      metrics.plugin(),
      unavailableStatusPlugin(),
      limiter.plugin(),
    ],
  });
  await apollo.start();

  const corsMiddleware = graphqlCors(config.corsOrigins);
  if (corsMiddleware) app.use('/graphql', corsMiddleware); // before the rate limit: preflights are not calls
  app.use(
    '/graphql',
    limiter.ipGate(),
    express.json({ limit: config.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const requestId = res.locals.requestId as string;
        const header = req.headers.authorization;
        let caller = null;
        let invalidKey = false;
        if (header) {
          const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
          caller = m ? await services.keys.authenticate(m[1]).catch(keyCheckFailed) : null;
          invalidKey = !caller;
        }
        const retry = limiter.enabled ? limiter.hit(caller ? `key:${caller.keyName}` : `ip:${clientIp(req, res)}`) : 0;
        if (retry) throw limiter.error(retry);
        return new RequestContext(requestId, services, { caller, invalidKey }, logger);
      },
    }),
  );

  // what the bundled client needs to know at run time (never a key unless bound to loopback, and
  // then only to a loopback or PUBLIC_HOSTS Host: see host-check.ts); never with CORS headers
  const withheld = keyWithheldLog(logger);
  app.get('/client-config.json', (req, res) => {
    const apiKey = deps.webClientKey && mayReceiveWebClientKey(req.headers, config.publicHosts) ? deps.webClientKey : null;
    if (deps.webClientKey && !apiKey) withheld(req.headers.host, res.locals.requestId as string);
    res.json({ apiKey, requireKeyForReads: config.requireKeyForReads });
  });

  serveClient(app);

  // body too large, malformed JSON and the like: a coded error, never a stack trace
  app.use((err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') return jsonError(res, 413, 'BAD_REQUEST', `Request body exceeds ${config.maxBodyBytes} bytes.`);
    if (err.type === 'entity.parse.failed') return jsonError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON.');
    if (err.status && err.status >= 400 && err.status < 500) return jsonError(res, err.status, 'BAD_REQUEST', err.message ?? 'Bad request');
    logger.error({ err }, 'unhandled HTTP error');
    return jsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });

  return { app, apollo, metrics };
}

/** every GraphQL response as Apollo's cache-control plugin answered it for a schema without cache hints */
function noStorePlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/**
 * The key lookup runs before Apollo executes anything: an error thrown there is answered 500
 * unless it says otherwise, so a lost database must be turned into UNAVAILABLE with a 503 here.
 */
function keyCheckFailed(err: unknown): never {
  if (isDatabaseDown(err)) {
    throw new GraphQLError('The database is unavailable right now, so the API key cannot be checked; retry in a few seconds.', {
      extensions: { code: 'UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)]]) } },
    });
  }
  throw err;
}

/** answers within a second even when the database hangs */
async function pingDatabase(db: Database): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([ping(db.pool), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1000)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
