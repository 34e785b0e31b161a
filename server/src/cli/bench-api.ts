/**
 * `npm run bench:api [-- --json] [-- --quick] [-- --data demo|<ml-latest folder>] [-- --only SVD,AUTO]
 *  [-- --connections 16] [-- --write-connections 16,64] [-- --rate 1000] [-- --durability 5000]`
 *
 * Starts the whole platform in this process (embedded PostgreSQL in a throwaway folder,
 * ml-latest-small from ../shared/datasets when present, else the demo data; `--quick` uses the demo
 * data unless `--data` says otherwise), lifts the rate limit for this server, waits until every
 * strategy serves, warms up, then drives it over loopback HTTP from a child process
 * (bench-api-load.ts). For every strategy Query.strategies reports as served:
 * `recommendations(limit: 10)` cached (the same arguments again, warmed just before) and uncached
 * (a fresh `excludeItemIds` entry per request) at saturation, and uncached at a fixed open-loop rate;
 * the trivial `{ __typename }` query in the same run; `rateItem` writes at 16 and 64 connections; and
 * a pair of rows for impression logging (issue 15): the same cached lists, one connection at a time
 * (so p50 is a request's own time, not a queue's), with every list's impression recorded
 * (`impressions`) and with IMPRESSION_SAMPLE_RATE=0 (`no-impressions`), next to the trivial query
 * at one connection.
 * Prints a markdown table (or, with --json, one JSON object: README "API under load") and the
 * issue's targets. Rate-limited answers are never throughput: any at all fail the run.
 */
// first: libraries read NODE_ENV when they load (the server's own entry point does the same)
import '../node-env';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineSettings, loadConfig } from '../config';
import { startDatabase } from '../data/database';
import { startEmbeddedPostgres } from '../data/embedded-postgres';
import { importMovieLens } from '../data/importers/movielens/import-to-db';
import { readMovieLens } from '../data/importers/movielens/parse';
import { createQuietLogger } from '../logger';
import { mlLatestSmallDir } from '../paths';
import { startServer } from '../server';
import { runDurability } from './bench-api-durability';
import { FRESH, type LoadResult, type LoadSpec } from './bench-api-load';
import { markdownTable } from './text-table';

export type BenchMode = 'trivial' | 'cached' | 'uncached' | 'write' | 'impressions' | 'no-impressions';

/** one row of the table; the JSON shape documented in the README */
export interface BenchRow {
  name: string;
  /** the Strategy enum value, null for the trivial query and writes */
  strategy: string | null;
  mode: BenchMode;
  connections: number;
  /** requests per second sent on a fixed schedule (open loop); null = saturation (closed loop) */
  rate: number | null;
  requests: number;
  seconds: number;
  /** successful answers per second (HTTP 200 without errors) */
  rps: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** saturation: rps ÷ the trivial query's rps at the same connections; fixed rate: p99 ÷ the trivial query's p99 at the same rate */
  ratioToTrivial: number | null;
  /** failed HTTP requests, socket errors, timeouts and GraphQL errors */
  errors: number;
  rateLimited: number;
}

export interface BenchReport {
  machine: { cpu: string; cores: number; node: string; os: string; loadAverageBefore: number; loadAverageAfter: number };
  dataset: { name: string; ratings: number | null };
  settings: { quick: boolean; connections: number; writeConnections: number[]; rate: number; secondsPerRow: number; maxRequestsPerRow: number; variants: number };
  rows: BenchRow[];
  targets: { target: string; row: string; measured: string; met: boolean }[];
}

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const ints = (s: string, flag: string) => {
    const xs = s.split(',').map(Number);
    if (xs.some((c) => !Number.isInteger(c) || c < 1 || c > 1024)) throw new Error(`${flag} takes integers 1–1024, e.g. 16,64`);
    return xs;
  };
  // --quick checks that everything runs and the shape, in seconds: few variants, a low rate, short rows
  const rate = Number(value('--rate') ?? (quick ? 200 : 1000));
  if (!Number.isFinite(rate) || rate <= 0) throw new Error('--rate takes requests per second, e.g. 1000');
  return {
    quick,
    json: argv.includes('--json'),
    /** `demo`, a MovieLens folder, or undefined = ml-latest-small when present (demo with --quick) */
    data: value('--data') ?? (quick ? 'demo' : undefined),
    only:
      value('--only')
        ?.split(',')
        .map((s) => s.trim().toUpperCase()) ?? null,
    connections: ints(value('--connections') ?? '16', '--connections')[0],
    writeConnections: ints(value('--write-connections') ?? '16,64', '--write-connections'),
    rate,
    amount: Number(value('--requests') ?? (quick ? 1000 : 50_000)),
    maxSeconds: Number(value('--seconds') ?? (quick ? 0.5 : 5)),
    variants: quick ? 50 : 500,
    /** the larger durability mode: this many events (×3 retries) and ratings (×2); 0 = off */
    durability: Number(value('--durability') ?? 0),
  };
}

/** a small deterministic generator, so two runs send the same requests */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
const TRIVIAL = [body('{ __typename }')];

function requestBodies(userIds: string[], itemIds: string[], variants: number) {
  const pick =
    (rnd: () => number) =>
    <T>(xs: T[]) =>
      xs[Math.floor(rnd() * xs.length)];
  const many = (seed: number, make: (p: ReturnType<typeof pick>, rnd: () => number) => string) => {
    const rnd = lcg(seed);
    return Array.from({ length: variants }, () => make(pick(rnd), rnd));
  };
  // the same document every time, as a client sends it (Apollo parses and validates a document once);
  // what varies is in the variables
  const recs = (strategy: string, fresh: boolean) =>
    many(7, (p) =>
      body(`query Recs($u: ID!, $x: [ID!]) { recommendations(userId: $u, strategy: ${strategy}, limit: 10, excludeItemIds: $x) { item { id title } score strategy reasons } }`, {
        u: p(userIds),
        x: fresh ? [FRESH] : null,
      }),
    );
  return {
    cached: (strategy: string) => recs(strategy, false),
    /** cached lists asking for what a client of impressions asks: the list's impression id and positions */
    listed: (strategy: string) =>
      many(7, (p) =>
        body(`query Listed($u: ID!) { recommendations(userId: $u, strategy: ${strategy}, limit: 10) { impressionId position item { id title } score strategy reasons } }`, {
          u: p(userIds),
        }),
      ),
    // a value never sent before in excludeItemIds: no list cache can answer it
    uncached: (strategy: string) => recs(strategy, true),
    rateItem: () =>
      many(11, (p, rnd) =>
        body('mutation Rate($i: RateItemInput!) { rateItem(input: $i) { rating ratedAt } }', {
          i: { userId: p(userIds), itemId: p(itemIds), rating: (1 + Math.floor(rnd() * 10)) / 2 },
        }),
      ),
  };
}

class LoadGenerator {
  private readonly child: ChildProcess = fork(path.join(__dirname, 'bench-api-load.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  run(spec: LoadSpec): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (r) => {
        this.child.off('exit', onExit);
        resolve(r as LoadResult);
      });
      this.child.send(spec);
    });
  }

  stop(): void {
    this.child.kill();
  }
}

function cpuModel(): string {
  let model = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = execFileSync('lscpu', { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.startsWith('Model name:'));
    if (line) model = line.replace('Model name:', '').trim();
  } catch {
    // lscpu missing: os.cpus() is good enough
  }
  return model;
}

async function loadData(pgUrl: string, data: string | undefined): Promise<BenchReport['dataset']> {
  if (data === 'demo') return { name: 'demo', ratings: null };
  const dir = data ?? mlLatestSmallDir();
  if (!fs.existsSync(path.join(dir, 'ratings.csv'))) {
    if (data) throw new Error(`--data ${data}: no ratings.csv there`);
    return { name: 'demo (ml-latest-small not found at ../shared/datasets)', ratings: null };
  }
  const db = await startDatabase({ databaseUrl: pgUrl, dataDir: '' });
  try {
    await db.migrate();
    const r = await importMovieLens(db.pool, await readMovieLens(dir));
    return { name: path.basename(path.resolve(dir)), ratings: r.ratings };
  } finally {
    await db.stop();
  }
}

const ms = (x: number | null) => (x !== null && Number.isFinite(x) ? x.toFixed(2) : '—');
const finite = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(3)) : null);

function targets(rows: BenchRow[], writeAt: number): BenchReport['targets'] {
  const out: BenchReport['targets'] = [];
  for (const r of rows) {
    if (r.mode === 'uncached' && r.rate !== null) {
      out.push({ target: `p99 ≤ 10 ms at ${r.rate} req/s`, row: r.name, measured: `p99 ${ms(r.p99Ms)} ms`, met: r.p99Ms !== null && r.p99Ms <= 10 && r.errors === 0 });
    } else if ((r.mode === 'uncached' || r.mode === 'cached') && r.rate === null) {
      const want = r.mode === 'cached' ? 0.8 : 0.7;
      out.push({ target: `throughput ≥ ${want}× trivial`, row: r.name, measured: `${r.ratioToTrivial?.toFixed(2) ?? '—'}×`, met: (r.ratioToTrivial ?? 0) >= want });
    } else if (r.mode === 'impressions') {
      const off = rows.find((x) => x.mode === 'no-impressions' && x.strategy === r.strategy && x.connections === r.connections);
      const added = r.p50Ms !== null && off?.p50Ms != null ? r.p50Ms - off.p50Ms : null;
      out.push({
        target: 'impression logging adds ≤ 0.2 ms to p50',
        row: r.name,
        measured: `${added === null ? '—' : added.toFixed(3)} ms (p50 ${ms(r.p50Ms)} vs ${ms(off?.p50Ms ?? null)} ms)`,
        met: added !== null && added <= 0.2,
      });
    } else if (r.mode === 'write' && r.connections === writeAt) {
      out.push({
        target: '≥ 1,000 req/s with p99 ≤ 50 ms',
        row: r.name,
        measured: `${r.rps.toFixed(0)} req/s, p99 ${ms(r.p99Ms)} ms`,
        met: r.rps >= 1000 && r.p99Ms !== null && r.p99Ms <= 50,
      });
    }
  }
  return out;
}

export function markdownReport(rep: BenchReport): string {
  const m = rep.machine;
  const table = markdownTable(
    ['operation', 'mode', 'conn.', 'rate', 'req/s', 'p50 ms', 'p99 ms', '÷ trivial', 'errors', '429'],
    rep.rows.map((r) => [
      r.name,
      r.mode,
      String(r.connections),
      r.rate === null ? 'max' : `${r.rate}/s`,
      r.rps.toFixed(0),
      ms(r.p50Ms),
      ms(r.p99Ms),
      r.ratioToTrivial === null ? '—' : `${r.ratioToTrivial.toFixed(2)}×`,
      String(r.errors),
      String(r.rateLimited),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const s = rep.settings;
  return (
    `\n### bench:api — ${rep.dataset.name}${rep.dataset.ratings ? ` (${rep.dataset.ratings} ratings)` : ''}\n\n` +
    `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.os}; load average ${m.loadAverageBefore.toFixed(2)} before → ${m.loadAverageAfter.toFixed(2)} after ` +
    `(the load generator, PostgreSQL and anything else on the machine share its cores). Saturation rows: autocannon, ${s.connections} connections ` +
    `(writes ${s.writeConnections.join(' and ')}), ${s.secondsPerRow} s or ${s.maxRequestsPerRow} requests per row; rate rows: a request every ${(1000 / s.rate).toFixed(2)} ms ` +
    `for ${s.secondsPerRow} s, latency from the scheduled send time${s.quick ? ' (--quick)' : ''}. ÷ trivial: throughput ÷ the trivial query's at the same connections ` +
    `(rate rows: p99 ÷ its p99 at the same rate).\n\n${table}\nTargets:\n` +
    rep.targets.map((t) => `- ${t.row}: ${t.target} — ${t.measured} — ${t.met ? 'met' : 'NOT met'}`).join('\n') +
    '\n'
  );
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
    const dataset = await loadData(pg.url, args.data);
    log(`bench: ${dataset.name}; starting the server and training every strategy…`);
    // the rate limit is lifted for the bench's own server; any 429 that still comes fails the run
    // the defaults, except the engine's kernels and threads, which are taken from the environment
    // (ENGINE_KERNELS=reference measures the API over the TypeScript reference loops)
    const config = { ...loadConfig({}), ...engineSettings(process.env), port: 0, host: '127.0.0.1', databaseUrl: pg.url, seedDemo: true, rateLimitPerMinute: 0, dataDir: tmp };
    server = await startServer(config, createQuietLogger(), { showFirstAdminKey: () => undefined });
    await server.waitUntilReady(600_000);
    log(`bench: serving after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const { key } = await server.services.keys.create('bench', 'write');
    const url = `${server.url}/graphql`;
    const auth = { authorization: `Bearer ${key}` };
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: body('{ strategies { name served } }') });
    const listed = (await res.json()) as { data?: { strategies: { name: string; served: boolean }[] }; errors?: unknown };
    if (!listed.data) throw new Error(`Query.strategies failed: ${JSON.stringify(listed.errors)}`);
    const strategies = listed.data.strategies
      .filter((s) => s.served)
      .map((s) => s.name)
      .filter((n) => !args.only || args.only.includes(n));
    if (!strategies.length)
      throw new Error(
        `no served strategy to measure (served: ${
          listed.data.strategies
            .filter((s) => s.served)
            .map((s) => s.name)
            .join(', ') || 'none'
        })`,
      );
    log(`bench: served strategies: ${strategies.join(', ')}`);
    const users = await server.services.repos.users.firstIds(2000);
    const items = await server.services.repos.items.mostInteractedIds(2000);
    const bodies = requestBodies(users, items, args.variants);

    const rows: BenchRow[] = [];
    const measure = async (name: string, strategy: string | null, mode: BenchMode, connections: number, rate: number | null, b: string[], headers?: Record<string, string>) => {
      const r = await load.run({ url, connections, rate: rate ?? undefined, amount: args.amount, maxSeconds: args.maxSeconds, bodies: b, headers });
      const row: BenchRow = {
        name,
        strategy,
        mode,
        connections,
        rate,
        requests: r.requests,
        seconds: Number(r.seconds.toFixed(3)),
        rps: Number(r.rps.toFixed(1)),
        p50Ms: finite(r.p50),
        p95Ms: finite(r.p95),
        p99Ms: finite(r.p99),
        ratioToTrivial: null,
        errors: r.failed + r.graphqlErrors + r.unanswered,
        rateLimited: r.rateLimited,
      };
      log(
        `bench: ${name} ${mode} c=${connections}${rate ? ` at ${rate}/s` : ''}: ${row.rps.toFixed(0)} req/s, p50 ${ms(row.p50Ms)} ms, p99 ${ms(row.p99Ms)} ms` +
          `${row.errors || row.rateLimited ? `, ${row.errors} errors, ${row.rateLimited} rate-limited, first: ${r.firstError}` : ''}`,
      );
      rows.push(row);
      // a server that fell behind is still working off what it accepted (and its database pool may
      // still be queued up): the next row starts only when a request of the same kind succeeds again
      if (r.unanswered || row.errors) {
        const t = Date.now();
        for (let i = 0; ; i++) {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: b[0].split(FRESH).join(`drain${t}x${i}`),
            signal: AbortSignal.timeout(300_000),
          }).catch(() => null);
          if (res?.status === 200 && !(await res.text()).includes('"errors"')) break;
          if (Date.now() - t > 300_000) throw new Error(`${name} ${mode}: the server did not recover within 300 s of the row`);
          await new Promise((done) => setTimeout(done, 500));
        }
        log(`bench: drained the backlog in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      return row;
    };
    const warm = async (name: string, b: string[], headers?: Record<string, string>) => {
      const w = await load.run({ url, connections: 8, amount: Math.max(args.quick ? 50 : 200, b.length), maxSeconds: 30, bodies: b, headers });
      // wrong answers stop the run; slow ones (timeouts) are the rows' business
      if (w.failed || w.graphqlErrors || w.rateLimited) throw new Error(`${name} fails during warm-up: ${w.firstError}`);
      if (w.unanswered) log(`bench: ${name} warm-up: ${w.firstError}`);
    };

    // warm-up: JIT, pools, and every request variant once; also proves each one answers without
    // errors. Writes first: a write folds the user into the models, which voids cached lists.
    await warm('rateItem', bodies.rateItem(), auth);
    await warm('trivial', TRIVIAL);
    for (const s of strategies) {
      await warm(`${s} uncached`, bodies.uncached(s));
      await warm(`${s} cached`, bodies.cached(s));
    }
    const loadBefore = os.loadavg()[0];
    await measure('trivial', null, 'trivial', args.connections, null, TRIVIAL);
    await measure('trivial', null, 'trivial', 64, args.rate, TRIVIAL);
    for (const s of strategies) {
      // the cached row's lists were computed just now (the list cache also expires with time)
      await warm(`${s} cached`, bodies.cached(s));
      await measure(`recommendations ${s}`, s, 'cached', args.connections, null, bodies.cached(s));
      await measure(`recommendations ${s}`, s, 'uncached', args.connections, null, bodies.uncached(s));
      await measure(`recommendations ${s}`, s, 'uncached', 64, args.rate, bodies.uncached(s));
    }
    // impression logging, off and on on the running server, the same cached lists, one connection:
    // at saturation of many connections (or a rate the machine cannot keep) p50 is queueing, not the
    // request's own time, and 0.2 ms disappears in it
    if (!rows.some((r) => r.mode === 'trivial' && r.rate === null && r.connections === 1)) await measure('trivial', null, 'trivial', 1, null, TRIVIAL);
    const listedStrategy = strategies.includes('AUTO') ? 'AUTO' : strategies[0];
    const impressions = server.services.impressions;
    const sampleRate = impressions.settings.sampleRate;
    for (const [mode, rate] of [
      ['no-impressions', 0],
      ['impressions', 1],
    ] as const) {
      impressions.settings.sampleRate = rate;
      await warm(`${listedStrategy} listed`, bodies.listed(listedStrategy));
      await impressions.recorder.flush();
      const before = { ...impressions.recorder.stats };
      await measure(
        `recommendations ${listedStrategy}, ${mode === 'impressions' ? 'impressions recorded' : 'IMPRESSION_SAMPLE_RATE=0'}`,
        listedStrategy,
        mode,
        1,
        null,
        bodies.listed(listedStrategy),
      );
      await impressions.recorder.flush();
      const s = impressions.recorder.stats;
      if (rate) log(`bench: impressions written during the row: ${s.written - before.written} in ${s.batches - before.batches} INSERTs, ${s.dropped - before.dropped} dropped`);
    }
    impressions.settings.sampleRate = sampleRate;
    // writes last: each one changes the models and the lists
    for (const c of args.writeConnections) {
      if (!rows.some((r) => r.mode === 'trivial' && r.rate === null && r.connections === c)) await measure('trivial', null, 'trivial', c, null, TRIVIAL);
    }
    for (const c of args.writeConnections) await measure('rateItem', null, 'write', c, null, bodies.rateItem(), auth);

    for (const r of rows) {
      const t = rows.find((x) => x.mode === 'trivial' && x.rate === r.rate && (r.rate !== null || x.connections === r.connections));
      if (!t) continue;
      r.ratioToTrivial = r.rate === null ? (t.rps > 0 ? Number((r.rps / t.rps).toFixed(3)) : null) : r.p99Ms !== null && t.p99Ms ? Number((r.p99Ms / t.p99Ms).toFixed(3)) : null;
    }
    const report: BenchReport = {
      machine: {
        cpu: cpuModel(),
        cores: os.cpus().length,
        node: process.version,
        os: `${os.platform()} ${os.release()}`,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg()[0],
      },
      dataset,
      settings: {
        quick: args.quick,
        connections: args.connections,
        writeConnections: args.writeConnections,
        rate: args.rate,
        secondsPerRow: args.maxSeconds,
        maxRequestsPerRow: args.amount,
        variants: args.variants,
      },
      rows,
      targets: targets(rows, Math.max(...args.writeConnections)),
    };
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : markdownReport(report));
    const limited = rows.reduce((n, r) => n + r.rateLimited, 0);
    if (limited > 0) {
      log(`bench: FAILED — ${limited} answers were rate-limited (HTTP 429 / RATE_LIMITED); they are not throughput and the figures above are not valid`);
      process.exitCode = 1;
    }
    if (args.durability > 0) {
      log(`bench: durability mode, ${args.durability} events…`);
      // the bench's events are a kind of their own, declared neutral: counted, never learned from
      await server.services.feedbackTypes.set({ name: 'bench_view', weight: 1, polarity: 'neutral' });
      const d = await runDurability(server.url, key, server.db.pool, args.durability, users, items);
      const ok = d.eventRows === d.events && d.createdOnce && d.ratingRows === d.ratings && d.failedRequests === 0;
      // with --json, stdout holds the one JSON object only
      (args.json ? log : (s: string) => process.stdout.write(`${s}\n`))(
        `\nDurability (${d.seconds.toFixed(1)} s, 64 lanes): ${d.events} events sent 3× each with one idempotencyKey → ${d.eventRows} rows, ` +
          `created exactly once per key: ${d.createdOnce ? 'yes' : 'NO'}; ${d.ratings} (user, item) ratings sent 2× each → ${d.ratingRows} rows; ` +
          `failed requests: ${d.failedRequests} — ${ok ? 'nothing lost, nothing doubled' : 'MISMATCH'}`,
      );
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

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:api failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
