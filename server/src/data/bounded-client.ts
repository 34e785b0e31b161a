import pg, { type ClientConfig, type Pool, type PoolClient, type QueryConfig } from 'pg';

/**
 * Bounds on every database call of the serving pool, so no request waits on PostgreSQL for long,
 * however it fails (refused, stopped, frozen, unreachable):
 * - `statement_timeout` (server side): a slow statement on a live server is cancelled (57014) and
 *   its connection stays usable;
 * - a read timeout (client side, here): a query whose answer does not come `READ_GRACE_MS` after
 *   the statement timeout means the server or the network is gone (a frozen server never cancels
 *   anything). The connection is then destroyed, never handed back to the pool with a query still
 *   in flight — pg's own `query_timeout` leaves it queryable, and TypeORM releases it as healthy,
 *   so the next request on it would wait behind the lost query;
 * - the pool's `connectionTimeoutMillis` bounds both a new connection and the wait in the queue for
 *   a pooled one (pg-pool times queued checkouts out too).
 */
export interface DatabaseBounds {
  /** server-side statement_timeout of the serving pool (ms) */
  statementMs: number;
  /** a new connection, or the wait for a pooled one (ms) */
  connectMs: number;
}

export const DEFAULT_BOUNDS: DatabaseBounds = { statementMs: 1000, connectMs: 1000 };

/** how much longer than the statement timeout a query may wait before its connection is presumed dead */
export const READ_GRACE_MS = 250;

/** statements that grow with the data (model artifacts) get this server-side bound instead */
export const LONG_STATEMENT_MS = 120_000;

export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`The database did not answer within ${ms} ms; the connection was closed.`);
    this.name = 'DatabaseTimeoutError';
  }
}

type Callback = (err: Error | null, res?: unknown) => void;

/**
 * A pg Client whose queries time out on the client side: when the answer is late the socket is
 * destroyed, so every query on it fails at once and the pool discards it on release (pg-pool drops a
 * client that is no longer queryable). Streams (COPY, cursors) are not timed: they run in sessions of
 * their own (see connectUnbounded).
 */
export class BoundedClient extends pg.Client {
  /** 0: no client-side bound (a session switched to unbounded work) */
  readTimeoutMs: number;

  constructor(config: ClientConfig & { readTimeoutMs?: number }) {
    super(config);
    this.readTimeoutMs = config.readTimeoutMs ?? 0;
    // the destroyed socket is reported as an 'error' event; a checked-out client has no listener of
    // the pool's, and an unheard 'error' would end the process. The failed queries carry the error.
    this.on('error', () => undefined);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => this.timedQuery(query, args)) as typeof this.query;
  }

  private timedQuery(query: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    const config = args[0] as { submit?: unknown; readTimeoutMs?: number } | string;
    const ms = typeof config === 'object' && config !== null && typeof config.readTimeoutMs === 'number' ? config.readTimeoutMs : this.readTimeoutMs;
    if (!ms || (typeof config === 'object' && config !== null && typeof config.submit === 'function')) return query(...args);
    let done = false;
    const expire = () => {
      if (done) return;
      const stream = (this as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream;
      stream?.destroy(new DatabaseTimeoutError(ms));
    };
    // setImmediate runs after the poll phase: when this process's own event loop was the one that
    // stalled (a CPU-heavy request), an answer already sitting in the socket is read first, so the
    // bound measures the server's silence, not ours
    const timer = setTimeout(() => setImmediate(expire), ms);
    const finish = () => {
      done = true;
      clearTimeout(timer);
    };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as Callback;
      args[last] = (err: Error | null, res?: unknown) => {
        finish();
        cb(err, res);
      };
      return query(...args);
    }
    const result = query(...args) as Promise<unknown> | undefined;
    if (typeof result?.then !== 'function') {
      finish(); // a callback inside the config object: not a form this project uses; left unbounded
      return result;
    }
    return result.finally(finish);
  }
}

/** a query whose statement may take up to LONG_STATEMENT_MS (the client waits as long); run it inside allowLongStatements */
export function longQuery(text: string, values: unknown[] = []): QueryConfig {
  return { text, values, readTimeoutMs: LONG_STATEMENT_MS + READ_GRACE_MS } as QueryConfig;
}

/** raises the statement timeout for the rest of the current transaction on this client */
export async function allowLongStatements(client: { query(text: string): Promise<unknown> }): Promise<void> {
  await client.query(`SET LOCAL statement_timeout = ${LONG_STATEMENT_MS}`);
}

/**
 * A connection of the pool without the serving bounds, for work whose length grows with the data
 * (migration locks, imports, the demo seed): no statement or read timeout, only TCP keepalive to
 * notice a dead peer. It is closed on release, so its session settings never leak back into the
 * pool's serving connections.
 */
export async function connectUnbounded(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
  if (client instanceof BoundedClient) client.readTimeoutMs = 0;
  const release = client.release.bind(client);
  client.release = () => release(true);
  return client;
}
