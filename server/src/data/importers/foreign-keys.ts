/**
 * Foreign keys of interactions checked once per import instead of once per row.
 *
 * Every interaction an import inserts takes its user_id and item_id from the id tables below, made in
 * the same transaction by joining the users and items rows — the ids exist by construction. What the
 * per-row triggers add on top is a lock (SELECT … FOR KEY SHARE on the user and the item, 2 per
 * inserted row: 45 % of the insert by EXPLAIN ANALYZE), so that a user or item deleted meanwhile by
 * another session cannot leave an interaction behind. The id tables take those same locks in one
 * statement per table (a few thousand rows instead of millions), and the import checks that every
 * staged id found its row. Then the session stops firing the per-row triggers for its own inserts
 * (session_replication_role = replica, SET LOCAL: only this transaction, no lock, no schema change,
 * nothing other sessions see) and turns them back on right after the insert.
 *
 * Replica mode silences every ordinary trigger of the session, not only these: interactions, users
 * and items have none (a test says so, so adding one means weighing it against this).
 *
 * session_replication_role needs a superuser (the embedded PostgreSQL's user is one) or, on
 * PostgreSQL ≥ 15, GRANT SET ON PARAMETER session_replication_role. Without that right the import
 * keeps the per-row checks: same result, slower.
 *
 * Not chosen: dropping the constraints and adding them back NOT VALID + VALIDATE — DROP CONSTRAINT
 * takes an ACCESS EXCLUSIVE lock on interactions until the import commits, which would stop every
 * read of the live server for the length of the import.
 */
import type { PoolClient } from 'pg';

/**
 * Builds `table (external_id, id)` from the staged external ids, locking each row found. `key` is the
 * staged column as the id table keeps it, `match` the staged value compared with external_id (text),
 * `extra` more columns to keep (of s or t).
 */
export function idTableSql(table: string, target: 'users' | 'items', staged: string, key: string, match: string, extra = ''): string {
  return `CREATE TEMP TABLE ${table} ON COMMIT DROP AS
    SELECT ${key} AS external_id, t.id${extra ? `, ${extra}` : ''}
    FROM ${staged} s JOIN ${target} t ON t.external_id = ${match}
    FOR KEY SHARE OF t`;
}

/** the id table must have a row per staged id: otherwise a row was deleted by another session meanwhile */
export async function checkIdTable(client: PoolClient, table: string, staged: string, stagedColumn: string, what: string): Promise<void> {
  const { rows } = await client.query(`SELECT (SELECT count(DISTINCT ${stagedColumn}) FROM ${staged})::bigint - (SELECT count(*) FROM ${table})::bigint AS missing`);
  const missing = Number(rows[0].missing);
  if (missing > 0) {
    throw new Error(`${missing} ${what} of this import were deleted by another session while it ran; nothing was loaded, run the import again`);
  }
}

/**
 * Runs fn (the statements inserting interactions) without the per-row foreign-key triggers when the
 * session may switch them off; with them otherwise. Resolves to fn's result and whether they were off.
 */
export async function withoutPerRowForeignKeyChecks<T>(client: PoolClient, fn: () => Promise<T>): Promise<{ result: T; skipped: boolean }> {
  let skipped = false;
  await client.query('SAVEPOINT fk_checks');
  try {
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query('RELEASE SAVEPOINT fk_checks');
    skipped = true;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT fk_checks'); // no right to: the triggers stay on
    await client.query('RELEASE SAVEPOINT fk_checks');
  }
  const result = await fn();
  // on a failure the ROLLBACK ends the SET LOCAL as well
  if (skipped) await client.query(`SET LOCAL session_replication_role = origin`);
  return { result, skipped };
}
