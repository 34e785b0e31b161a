import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import type { Logger } from '../logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

/** What to compare; by default the project's own entities and migrations. Tests pass drifted ones. */
export interface SchemaSources {
  entities?: DataSourceOptions['entities'];
  migrations?: (new () => MigrationInterface)[];
}

/** tables TypeORM itself keeps, which no entity describes */
const TYPEORM_TABLES = new Set(['migrations', 'typeorm_metadata']);

/**
 * Applies the migrations to an empty database at `url`, then asks TypeORM what it would change to
 * make that schema match the entities. Returns one line per difference: the SQL TypeORM would run,
 * and any table no entity describes (TypeORM's own diff never looks at tables without an entity).
 * Empty when the entities are the schema.
 */
export async function schemaDifferences(url: string, sources: SchemaSources = {}): Promise<string[]> {
  const base = createDataSource(url, { poolSize: 2, bounds: null }).options; // migrations: no serving timeouts
  const ds = new DataSource({
    ...base,
    ...(sources.entities ? { entities: sources.entities } : {}),
    ...(sources.migrations ? { migrations: sources.migrations } : {}),
  } as DataSourceOptions);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    const lines = sql.upQueries.map((q) => `${q.query.trim()};`);
    lines.push(...(await expressionDifferences(ds)));
    const described = new Set(ds.entityMetadatas.map((m) => m.tableName));
    const tables: { tablename: string }[] = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
    for (const { tablename } of tables) {
      if (!described.has(tablename) && !TYPEORM_TABLES.has(tablename)) lines.push(`-- table "${tablename}" has no entity`);
    }
    return lines;
  } finally {
    await ds.destroy();
  }
}

/**
 * What TypeORM's diff compares by name only: a check's expression and a partial index's predicate.
 * Each declared expression is built on the real table inside a rolled-back transaction, so PostgreSQL
 * prints both sides in its own normalized form (casts, parentheses) before they are compared.
 */
async function expressionDifferences(ds: DataSource): Promise<string[]> {
  const out: string[] = [];
  const qr = ds.createQueryRunner();
  const probe = async (build: string, read: () => Promise<string | null>): Promise<string | null> => {
    await qr.startTransaction();
    try {
      await qr.query(build);
      return await read();
    } finally {
      await qr.rollbackTransaction();
    }
  };
  const checkDef = async (table: string, name: string): Promise<string | null> => {
    const rows: { def: string }[] = await qr.query(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = to_regclass($1) AND c.conname = $2 AND c.contype = 'c'`,
      [`"${table}"`, name],
    );
    return rows[0]?.def.replace(/ NOT VALID$/, '') ?? null;
  };
  const predicate = async (name: string): Promise<string | null | undefined> => {
    const rows: { pred: string | null }[] = await qr.query(`SELECT pg_get_expr(i.indpred, i.indrelid) AS pred FROM pg_index i WHERE i.indexrelid = to_regclass($1)`, [`"${name}"`]);
    return rows.length ? rows[0].pred : undefined; // undefined: no such index (TypeORM's diff reports that)
  };
  try {
    for (const m of ds.entityMetadatas) {
      const table = m.tableName;
      for (const check of m.checks) {
        const actual = await checkDef(table, check.name);
        if (actual === null || !check.expression) continue;
        const declared = await probe(`ALTER TABLE "${table}" ADD CONSTRAINT "schema_check_probe" CHECK (${check.expression}) NOT VALID`, () =>
          checkDef(table, 'schema_check_probe'),
        );
        if (declared !== actual) out.push(`-- check "${check.name}" on "${table}": the entity declares ${declared}, the migrations made ${actual}`);
      }
      for (const index of m.indices) {
        if (!index.name) continue;
        const actual = await predicate(index.name);
        if (actual === undefined) continue;
        const columns = index.columns.map((c) => `"${c.databaseName}"`).join(', ');
        const declared = index.where
          ? await probe(`CREATE INDEX "schema_check_probe" ON "${table}" (${columns}) WHERE ${index.where}`, async () => (await predicate('schema_check_probe')) ?? null)
          : null;
        if (declared !== actual) {
          out.push(
            `-- index "${index.name}" on "${table}": the entity declares ${declared ? `WHERE ${declared}` : 'no WHERE'}, the migrations made ${actual ? `WHERE ${actual}` : 'no WHERE'}`,
          );
        }
      }
    }
  } finally {
    await qr.release();
  }
  return out;
}

/**
 * Runs fn on a database made for it and dropped afterwards: a new database on the server of
 * `serverUrl` when given (it needs CREATEDB), else an embedded PostgreSQL in a temporary folder.
 */
export async function withThrowawayDatabase<T>(fn: (url: string) => Promise<T>, options: { serverUrl?: string; logger?: Logger } = {}): Promise<T> {
  if (options.serverUrl) {
    const name = `tastegraph_schema_check_${randomBytes(5).toString('hex')}`;
    const admin = async (sql: string) => {
      const c = new Client({ connectionString: options.serverUrl });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    try {
      const u = new URL(options.serverUrl);
      u.pathname = `/${name}`;
      return await fn(u.toString());
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-schema-check-'));
  const data = path.join(dir, 'data');
  try {
    // as root, postgres runs as the `postgres` OS user: a folder it can enter keeps the cluster in here
    fs.chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres(data, options.logger);
    try {
      return await fn(pg.url);
    } finally {
      await pg.stop();
    }
  } finally {
    // a cluster placed elsewhere (a private TMPDIR) is linked from `data`: remove it too
    const link = fs.lstatSync(data, { throwIfNoEntry: false });
    if (link?.isSymbolicLink()) fs.rmSync(path.resolve(dir, fs.readlinkSync(data)), { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run schema:check`: prints the differences between the entities and the migrations and
 * returns 1 when there are any, else prints one line and returns 0.
 */
export async function runSchemaCheck(options: SchemaSources & { serverUrl?: string; logger?: Logger; print: (line: string) => void }): Promise<0 | 1> {
  const diff = await withThrowawayDatabase((url) => schemaDifferences(url, options), options);
  if (!diff.length) {
    options.print('schema check: the entities match the migrations');
    return 0;
  }
  options.print(`schema check: the entities and the migrations disagree; TypeORM would change the migrated schema with (${diff.length}):`);
  for (const line of diff) options.print(`  ${line}`);
  options.print('Fix the entity (server/src/data/entities/) or add a migration (migrations/), then run `npm run schema:check` again.');
  return 1;
}
