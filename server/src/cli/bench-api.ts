/**
 * `npm run bench:api [-- --quick] [-- --only recommendations:SVD,trivial] [-- --concurrency 1,16,64] [-- --durability 5000]`
 *
 * Starts the whole platform in this process (embedded PostgreSQL in a throwaway folder,
 * ml-latest-small from ../shared/datasets when present, else the demo data), waits until every
 * strategy serves, warms up, then drives it over loopback HTTP with autocannon running in a child
 * process (bench-api-load.ts), bounded in requests and seconds per run. Prints a markdown table:
 * throughput, p50/p95/p99 and each operation's p50 as a multiple of the trivial `{ __typename }`
 * query's p50 at the same concurrency, from the same run, plus the issue's targets met or not.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { startDatabase } from '../data/database';
import { modelEntries, strategyEntries } from '../engine/strategies/registry';
import { startEmbeddedPostgres } from '../data/embedded-postgres';
import { importMovieLens } from '../data/importers/movielens/import-to-db';
import { readMovieLens } from '../data/importers/movielens/parse';
import { createQuietLogger } from '../logger';
import { mlLatestSmallDir } from '../paths';
import { startServer } from '../server';
import { runDurability } from './bench-api-durability';
import type { LoadResult, LoadSpec } from './bench-api-load';
import { markdownTable } from './text-table';

interface Operation {
  name: string;
  /** recommendation operations are held to the issue's targets */
  target: boolean;
  bodies: string[];
  auth?: boolean;
}

interface Row {
  op: string;
  connections: number;
  result: LoadResult;
}

const VARIANTS = 500;

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const concurrency = (value('--concurrency') ?? '1,16,64').split(',').map(Number);
  if (concurrency.some((c) => !Number.isInteger(c) || c < 1 || c > 1024)) throw new Error('--concurrency takes integers 1–1024, e.g. 1,16,64');
  return {
    quick,
    only: value('--only')?.split(',') ?? null,
    concurrency,
    amount: Number(value('--requests') ?? (quick ? 400 : 3000)),
    maxSeconds: Number(value('--seconds') ?? (quick ? 3 : 10)),
    /** the larger durability mode: this many events (×3 retries) and ratings (×2); 0 = off */
    durability: Number(value('--durability') ?? 0),
  };
}

/** a small deterministic generator, so two runs send the same requests */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function operations(userIds: string[], itemIds: string[]): Operation[] {
  const rnd = lcg(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
  const many = (make: () => string) => Array.from({ length: VARIANTS }, make);
  const recs = (strategy: string): Operation => ({
    name: `recommendations:${strategy}`,
    target: true,
    bodies: many(() => body(
      `query Recs($u: ID!) { recommendations(userId: $u, strategy: ${strategy}, limit: 10) { item { id title } score strategy reasons } }`,
      { u: pick(userIds) },
    )),
  });
  // excludeItemIds bypasses the list cache: every request reads the history and scores the catalog
  const uncached = (strategy: string): Operation => ({
    name: `recommendations:${strategy} uncached`,
    target: false,
    bodies: many(() => body(
      `query Recs($u: ID!) { recommendations(userId: $u, strategy: ${strategy}, limit: 10, excludeItemIds: ["-1"]) { item { id title } score strategy reasons } }`,
      { u: pick(userIds) },
    )),
  });
  return [
    { name: 'trivial', target: false, bodies: [body('{ __typename }')] },
    ...strategyEntries().map((e) => recs(e.apiName)),
    ...modelEntries().map((e) => uncached(e.apiName)),
    { name: 'item', target: false, bodies: many(() => body('query Item($id: ID!) { item(id: $id) { id title year genres } }', { id: pick(itemIds) })) },
    {
      name: 'rateItem',
      target: false,
      auth: true,
      bodies: many(() => body(
        'mutation Rate($i: RateItemInput!) { rateItem(input: $i) { rating ratedAt } }',
        { i: { userId: pick(userIds), itemId: pick(itemIds), rating: (1 + Math.floor(rnd() * 10)) / 2 } },
      )),
    },
  ];
}

class LoadGenerator {
  private readonly child: ChildProcess = fork(path.join(__dirname, 'bench-api-load.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  run(spec: LoadSpec): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (r) => resolve(r as LoadResult));
      this.child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
      this.child.send(spec);
    });
  }

  stop(): void {
    this.child.kill();
  }
}

function machine(): string {
  let model = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = execFileSync('lscpu', { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Model name:'));
    if (line) model = line.replace('Model name:', '').trim();
  } catch {
    // lscpu missing: os.cpus() is good enough
  }
  return `${model}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function loadData(pgUrl: string): Promise<string> {
  const dir = mlLatestSmallDir();
  if (!fs.existsSync(path.join(dir, 'ratings.csv'))) return 'demo data (ml-latest-small not found at ../shared/datasets)';
  const db = await startDatabase({ databaseUrl: pgUrl, dataDir: '' });
  try {
    await db.migrate();
    const r = await importMovieLens(db.pool, await readMovieLens(dir));
    return `ml-latest-small (${r.ratings} ratings)`;
  } finally {
    await db.stop();
  }
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');

function report(rows: Row[], ops: Operation[]): string {
  const trivial = new Map(rows.filter((r) => r.op === 'trivial').map((r) => [r.connections, r.result.p50]));
  const table = markdownTable(
    ['operation', 'conc.', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 / trivial p50', 'errors'],
    rows.map(({ op, connections, result: r }) => {
      const t = trivial.get(connections);
      return [op, String(connections), r.rps.toFixed(0), ms(r.p50), ms(r.p95), ms(r.p99), t ? `${(r.p50 / t).toFixed(2)}×` : '—', String(r.failed + r.graphqlErrors)];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const verdicts = ops.filter((o) => o.target).map((o) => {
    const mine = rows.filter((r) => r.op === o.name);
    const loaded = mine.find((r) => r.result.rps >= 1000 && r.result.p99 <= 10);
    const atOne = mine.find((r) => r.connections === 1);
    const ratio = atOne && trivial.get(1) ? atOne.result.p50 / trivial.get(1)! : NaN;
    const best = mine.reduce<Row | null>((b, r) => (!b || r.result.rps > b.result.rps ? r : b), null);
    return `- ${o.name}: ${loaded ? `p99 ${ms(loaded.result.p99)} ms at ${loaded.result.rps.toFixed(0)} req/s (c=${loaded.connections}) — met` : `NOT met (best ${best?.result.rps.toFixed(0) ?? '—'} req/s, p99 ${ms(best?.result.p99 ?? NaN)} ms at c=${best?.connections ?? '—'})`}; ` +
      `p50 at c=1 is ${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'}× the trivial query's (target ≤ 2×) — ${ratio <= 2 ? 'met' : 'NOT met'}`;
  });
  return `${table}\nTargets (recommendations: p99 ≤ 10 ms at ≥ 1,000 req/s; p50 ≤ 2× trivial p50):\n${verdicts.join('\n')}\n`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tastegraph-bench-'));
  fs.chmodSync(tmp, 0o755); // postgres runs as the `postgres` OS user when we are root
  const t0 = Date.now();
  const pg = await startEmbeddedPostgres(path.join(tmp, 'pg'));
  const load = new LoadGenerator();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const dataset = await loadData(pg.url);
    log(`bench: ${dataset}; starting the server and training every strategy…`);
    const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: pg.url, seedDemo: true, rateLimitPerMinute: 0, dataDir: tmp };
    server = await startServer(config, createQuietLogger());
    await server.waitUntilReady(600_000);
    log(`bench: serving after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const { key } = await server.services.keys.create('bench', 'write');
    const users = await server.services.repos.users.firstIds(2000);
    const items = await server.services.repos.items.mostInteractedIds(2000);
    const ops = operations(users, items).filter((o) => !args.only || args.only.includes(o.name) || o.name === 'trivial');
    const url = `${server.url}/graphql`;
    const headersOf = (o: Operation) => (o.auth ? { authorization: `Bearer ${key}` } : undefined);

    // warm-up: JIT, pools, DataLoader paths, and every request variant once (so the reads are
    // measured in steady state); also proves every operation answers without errors
    // writes first: a write replaces the model objects, which would void the reads' warm cache
    for (const o of [...ops.filter((x) => x.auth), ...ops.filter((x) => !x.auth)]) {
      const w = await load.run({ url, connections: 8, amount: Math.max(200, o.bodies.length), maxSeconds: 30, bodies: o.bodies, headers: headersOf(o) });
      if (w.failed || w.graphqlErrors) throw new Error(`${o.name} fails during warm-up: ${w.firstError}`);
    }
    const loadBefore = os.loadavg()[0];
    const rows: Row[] = [];
    // reads at every concurrency first, writes last: each write folds the user into the models,
    // which replaces the model objects and so invalidates the cached lists of that strategy
    const writesLast = [...args.concurrency.map((c) => ops.filter((o) => !o.auth).map((o) => [c, o] as const)).flat(),
      ...args.concurrency.map((c) => ops.filter((o) => o.auth).map((o) => [c, o] as const)).flat()];
    for (const [connections, o] of writesLast) {
      const result = await load.run({ url, connections, amount: args.amount, maxSeconds: args.maxSeconds, bodies: o.bodies, headers: headersOf(o) });
      log(`bench: ${o.name} c=${connections}: ${result.rps.toFixed(0)} req/s, p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms${result.firstError ? `, first error: ${result.firstError}` : ''}`);
      rows.push({ op: o.name, connections, result });
    }
    process.stdout.write(`\n### bench:api — ${dataset}\n\nMachine: ${machine()}; load average ${loadBefore.toFixed(1)} before → ${os.loadavg()[0].toFixed(1)} after the runs ` +
      `(other processes on the machine compete for its cores). ` +
      `Load: autocannon in a child process over loopback, ${args.amount} requests or ${args.maxSeconds} s per row, whichever ends first${args.quick ? ' (--quick)' : ''}; ` +
      `${VARIANTS} request variants per operation (users and items vary), all sent once as warm-up; reads measured before writes. ` +
      `"uncached" rows bypass the recommendation list cache (history query + scoring + reasons on every request).\n\n`);
    process.stdout.write(report(rows, ops));
    if (args.durability > 0) {
      log(`bench: durability mode, ${args.durability} events…`);
      // the bench's events are a kind of their own, declared neutral: counted, never learned from
      await server.services.feedbackTypes.set({ name: 'bench_view', weight: 1, polarity: 'neutral' });
      const d = await runDurability(server.url, key, server.db.pool, args.durability, users, items);
      const ok = d.eventRows === d.events && d.createdOnce && d.ratingRows === d.ratings && d.failedRequests === 0;
      process.stdout.write(`\nDurability (${d.seconds.toFixed(1)} s, 64 lanes): ${d.events} events sent 3× each with one idempotencyKey → ${d.eventRows} rows, ` +
        `created exactly once per key: ${d.createdOnce ? 'yes' : 'NO'}; ${d.ratings} (user, item) ratings sent 2× each → ${d.ratingRows} rows; ` +
        `failed requests: ${d.failedRequests} — ${ok ? 'nothing lost, nothing doubled' : 'MISMATCH'}\n`);
      if (!ok) process.exitCode = 1;
    }
  } finally {
    load.stop();
    // a run stopped by its time bound leaves requests in flight: let them finish before the pool ends
    await new Promise((r) => setTimeout(r, 2000));
    await server?.close().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:api failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
