import type { Pool, PoolClient } from 'pg';
import { connectUnbounded } from '../bounded-client';

const isPool = (p: Pool | PoolClient): p is Pool => typeof (p as Pool).totalCount === 'number';

/**
 * Runs an import in ONE transaction: committed when fn returns, rolled back when it throws, so an
 * import loads all or nothing. Given a Pool, takes one connection without the serving bounds (an
 * import's length grows with the data) for the whole import; given a PoolClient, uses it as is — it
 * must not be inside a transaction already.
 */
export async function inImportTransaction<T>(db: Pool | PoolClient, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = isPool(db) ? await connectUnbounded(db) : db;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw e;
    }
  } finally {
    // a connection that could not even roll back is destroyed rather than returned to the pool
    if (isPool(db)) (client as PoolClient).release(broken);
  }
}

/**
 * After a large import the planner's statistics still describe the tables before it (the live server
 * would plan its reads for a few rows until autovacuum's next round, up to a minute later):
 * ANALYZE samples them now. Outside the import's transaction, so it never holds up the commit; a
 * failure here is not the import's (the data is committed) and is left to autovacuum.
 */
export async function analyzeAfterImport(db: Pool | PoolClient, tables: readonly string[]): Promise<void> {
  const client = isPool(db) ? await connectUnbounded(db) : db;
  try {
    await client.query(`ANALYZE ${tables.join(', ')}`);
  } catch {
    // autovacuum analyzes them soon enough
  } finally {
    if (isPool(db)) (client as PoolClient).release();
  }
}
