import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * One open transaction, seen two ways: TypeORM's manager for ordinary reads and writes, and the
 * same session's pg client for the statements TypeORM cannot express (advisory locks, NOTIFY).
 */
export interface Tx {
  manager: EntityManager;
  client: PoolClient;
}

/** runs fn in one transaction: committed when it returns, rolled back when it throws */
export function inTransaction<T>(ds: DataSource, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ds.transaction(async (manager) => fn({ manager, client: (await manager.queryRunner!.connect()) as PoolClient }));
}

/** runs fn in one transaction on a client of the pool: committed when it returns, rolled back when it throws */
export async function inPoolTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
