/**
 * The serving pool's bounds on a live database (the frozen and stopped cases are in
 * hardening-stall): a slow statement is cancelled by PostgreSQL's statement_timeout and answered as
 * UNAVAILABLE, on the pg path and the TypeORM path alike;
 * work that grows with the data (unbounded sessions, long statements) is not cut short.
 */
import { allowLongStatements, connectUnbounded, longQuery } from '../src/data/bounded-client';
import { startDatabase, type Database } from '../src/data/database';
import { isDatabaseDown } from '../src/graphql/format-error';
import { createTestDatabase, type TestDatabase } from './support/db';

jest.setTimeout(60_000);

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: false });
  db = await startDatabase({ databaseUrl: testDb.url, dataDir: '', databaseStatementTimeoutMs: 300 });
});

afterAll(async () => {
  await db?.stop();
  await testDb?.drop();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as { code?: string; message: string },
  );

test('a statement over the timeout is cancelled by PostgreSQL (57014, UNAVAILABLE), and the pool serves on', async () => {
  await db.pool.query('SELECT 1');
  const t0 = Date.now();
  const err = await failure(db.pool.query('SELECT pg_sleep(5)'));
  expect(Date.now() - t0).toBeLessThan(4000); // cancelled, not waited out
  expect(err).toMatchObject({ code: '57014' });
  expect(isDatabaseDown(err)).toBe(true);
  expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
});

test('the wait for a pooled connection is bounded too (pg-pool times queued checkouts out)', async () => {
  const small = await startDatabase({ databaseUrl: testDb.url, dataDir: '', databaseConnectTimeoutMs: 300 }, undefined, { poolSize: 1 });
  const held = await small.pool.connect();
  try {
    const t0 = Date.now();
    const err = await failure(small.pool.query('SELECT 1'));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err?.message).toMatch(/timeout exceeded when trying to connect/);
    expect(isDatabaseDown(err)).toBe(true);
  } finally {
    held.release();
    await small.stop();
  }
});

test('the TypeORM path has the same bound', async () => {
  const err = await failure(db.dataSource.query('SELECT pg_sleep(5)'));
  expect(err).toMatchObject({ code: '57014' });
  expect(isDatabaseDown(err)).toBe(true);
  expect(await db.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
});

test('an unbounded session (imports, migrations, the startup lock) runs past the timeout, and is not returned to the pool', async () => {
  const client = await connectUnbounded(db.pool);
  await client.query('SELECT pg_sleep(0.8)');
  const before = db.pool.totalCount;
  client.release();
  expect(db.pool.totalCount).toBe(before - 1);
  // the serving connections still have their bound
  expect(await failure(db.pool.query('SELECT pg_sleep(5)'))).toMatchObject({ code: '57014' });
});

test('long statements (model artifacts) run past the timeout inside their transaction only', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await allowLongStatements(client);
    await client.query(longQuery('SELECT pg_sleep(0.8)'));
    await client.query('COMMIT');
    expect(await failure(client.query('SELECT pg_sleep(5)'))).toMatchObject({ code: '57014' });
  } finally {
    client.release();
  }
});
