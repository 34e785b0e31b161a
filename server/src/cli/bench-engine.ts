/**
 * Engine benchmark: per strategy and dataset, fit time, top-10 recommend latency (p50/p99 over sampled
 * users), resident-memory growth while the model is alive, and the serialized model size per interaction.
 *   npm run bench:engine [-- --sizes 100k,1m,5m,25m] [--quick] [--data DIR] [--strategies a,b] [--json]
 * Strategies with WebAssembly kernels (svd, als, usercf, itemcf) are measured twice in the same run: with the kernels
 * and with the TypeScript reference (engine/kernels/kernel-mode.ts); the others have one implementation.
 * --no-reference-above N skips the reference run for datasets larger than N interactions (it is the
 * slow one; 25M with the reference ALS takes most of an hour); their reference figures are null.
 * --json prints one object { machine, results: [{ dataset, strategy, fitSeconds, referenceFitSeconds,
 * top10P99Ms, referenceTop10P99Ms, bytesPerInteraction, … }] } (README "Engine").
 * Datasets: ml-latest-small (default ../shared/datasets/ml-latest-small from the repo root, when present)
 * and seeded synthetic data of each size. Prints a markdown table on stdout; progress on stderr.
 * Targets checked per row: fit ≤ 60 s and model ≤ 100 bytes per interaction at 5M.
 * Run with node --expose-gc (the npm script does) so memory is measured after a full collection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readMovieLens } from '../data/importers/movielens/parse';
import type { Dataset } from '../engine/dataset/dataset';
import { generateSynthetic } from '../engine/evaluation/synthetic';
import { createStrategy, strategyNames } from '../engine/strategies/registry';
import type { Model } from '../engine/types';
import { createRng } from '../engine/util/random';
import { setKernelMode } from '../engine/kernels/kernel-mode';
import { kernelsModule } from '../engine/kernels/wasm-module';
import { mlLatestSmallDir } from '../paths';
import { datasetFromMovieLens } from './movielens-dataset';
import { parseStrategyList } from './strategy-list';
import { fmt, markdownTable } from './text-table';

const FIT_TARGET_SECONDS = 60;
const BYTES_PER_INTERACTION_TARGET = 100;
const TOP_K = 10;
const WARMUP_CALLS = 20;

/** the strategies whose hot loops have WebAssembly kernels (the others run one implementation) */
const KERNEL_STRATEGIES = new Set(['svd', 'als', 'usercf', 'itemcf']);

interface BenchRow {
  dataset: string;
  strategy: string;
  interactions: number;
  fitSeconds: number;
  p50Ms: number;
  p99Ms: number;
  /** the same with the TypeScript reference, in the same run (null: the strategy has no kernel) */
  referenceFitSeconds: number | null;
  referenceP99Ms: number | null;
  rssDeltaMb: number;
  /** JS heap + ArrayBuffer growth with the model alive, after a full GC: the model's own footprint */
  heapDeltaMb: number;
  modelBytes: number;
  error?: string;
}

const SIZE_UNITS: Record<string, number> = { k: 1e3, m: 1e6 };

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad size "${s}" (use e.g. 100k, 1m, 5m)`);
  return Math.round(Number(m[1]) * (SIZE_UNITS[m[2].toLowerCase()] ?? 1));
}

const mb = (bytes: number) => bytes / 1048576;

function collect(): void {
  // twice: ArrayBuffer backing stores of objects found dead in the first pass are released after it
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** top-10 latency per call over `samples` users drawn (seeded, with replacement) from users with history */
function recommendLatency(model: Model, d: Dataset, samples: number): { p50: number; p99: number } {
  const active: number[] = [];
  for (let u = 0; u < d.nUsers; u++) if (d.userCount(u) > 0) active.push(u);
  const rng = createRng(1);
  // warm-up calls first, so the percentiles measure compiled code and not the JIT's first passes
  for (let s = 0; s < WARMUP_CALLS; s++) model.recommend({ user: active[s % active.length], k: TOP_K });
  const times = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    const user = active[Math.floor(rng() * active.length)];
    const t0 = performance.now();
    model.recommend({ user, k: TOP_K });
    times[s] = performance.now() - t0;
  }
  times.sort();
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

async function benchOne(name: string, label: string, d: Dataset, samples: number, withReference: boolean): Promise<BenchRow> {
  const row: BenchRow = {
    dataset: label,
    strategy: name,
    interactions: d.nnz,
    fitSeconds: NaN,
    p50Ms: NaN,
    p99Ms: NaN,
    referenceFitSeconds: null,
    referenceP99Ms: null,
    rssDeltaMb: NaN,
    heapDeltaMb: NaN,
    modelBytes: NaN,
  };
  try {
    if (withReference && KERNEL_STRATEGIES.has(name) && kernelsModule()) {
      // the reference first, then the kernels: each measured on its own model, in this same run
      setKernelMode('reference');
      const t0 = performance.now();
      const model = await createStrategy(name).fit(d, { seed: 0 });
      row.referenceFitSeconds = (performance.now() - t0) / 1000;
      row.referenceP99Ms = recommendLatency(model, d, samples).p99;
      collect();
    }
    if (kernelsModule()) setKernelMode('wasm');
    collect();
    const before = process.memoryUsage();
    const t0 = performance.now();
    const model = await createStrategy(name).fit(d, { seed: 0 });
    row.fitSeconds = (performance.now() - t0) / 1000;
    collect();
    const after = process.memoryUsage();
    row.rssDeltaMb = mb(after.rss - before.rss);
    row.heapDeltaMb = mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers);
    const lat = recommendLatency(model, d, samples);
    row.p50Ms = lat.p50;
    row.p99Ms = lat.p99;
    row.modelBytes = model.serialize().byteLength;
  } catch (e) {
    row.error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  }
  collect();
  return row;
}

function verdict(r: BenchRow): string {
  if (r.error) return `error: ${r.error}`;
  const problems: string[] = [];
  if (r.fitSeconds > FIT_TARGET_SECONDS) problems.push(`fit > ${FIT_TARGET_SECONDS} s`);
  if (r.modelBytes / r.interactions > BYTES_PER_INTERACTION_TARGET) problems.push(`> ${BYTES_PER_INTERACTION_TARGET} B/interaction`);
  return problems.length ? problems.join(', ') : 'ok';
}

function table(rows: BenchRow[]): string {
  const header = [
    'dataset',
    'strategy',
    'interactions',
    'fit s',
    'reference fit s',
    'top-10 p50 ms',
    'top-10 p99 ms',
    'reference p99 ms',
    'RSS Δ MB',
    'heap+buffers Δ MB',
    'model MB',
    'model B/interaction',
    'targets',
  ];
  const ref = (x: number | null, digits: number) => (x === null ? '—' : fmt(x, digits));
  const body = rows.map((r) => [
    r.dataset,
    r.strategy,
    String(r.interactions),
    fmt(r.fitSeconds, 2),
    ref(r.referenceFitSeconds, 2),
    fmt(r.p50Ms, 3),
    fmt(r.p99Ms, 3),
    ref(r.referenceP99Ms, 3),
    fmt(r.rssDeltaMb, 1),
    fmt(r.heapDeltaMb, 1),
    fmt(mb(r.modelBytes), 2),
    fmt(r.modelBytes / r.interactions, 1),
    verdict(r),
  ]);
  return markdownTable(
    header,
    body,
    header.map((_, c) => (c >= 2 && c <= 11 ? 'right' : 'left')),
  );
}

export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        sizes: { type: 'string' },
        quick: { type: 'boolean' },
        data: { type: 'string' },
        strategies: { type: 'string' },
        json: { type: 'boolean' },
        'no-reference-above': { type: 'string' },
      },
    }));
  } catch (e) {
    process.stderr.write(`bench-engine: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  const quick = values.quick === true;
  let sizes: number[];
  let strategies: string[];
  try {
    sizes = String(values.sizes ?? (quick ? '100k' : '100k,1m,5m'))
      .split(',')
      .filter(Boolean)
      .map(parseSize);
    strategies = values.strategies === undefined ? strategyNames() : parseStrategyList(String(values.strategies)).map((e) => e.name);
  } catch (e) {
    process.stderr.write(`bench-engine: ${(e as Error).message}\n`);
    return 2;
  }
  const samples = quick ? 200 : 1000;
  let referenceUpTo = Infinity;
  if (values['no-reference-above'] !== undefined) {
    try {
      referenceUpTo = parseSize(String(values['no-reference-above']));
    } catch (e) {
      process.stderr.write(`bench-engine: --no-reference-above: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const dataDir = (values.data as string | undefined) ?? mlLatestSmallDir();

  const datasets: { label: string; load: () => Promise<Dataset> }[] = [];
  if (fs.existsSync(dataDir)) datasets.push({ label: path.basename(dataDir), load: async () => datasetFromMovieLens(await readMovieLens(dataDir)) });
  else process.stderr.write(`bench-engine: ${dataDir} not found, skipping the MovieLens rows\n`);
  for (const n of sizes) {
    datasets.push({ label: `synthetic-${n >= 1e6 ? `${n / 1e6}m` : `${n / 1e3}k`}`, load: async () => generateSynthetic({ interactions: n, seed: 0 }) });
  }

  const rows: BenchRow[] = [];
  for (const { label, load } of datasets) {
    const t0 = performance.now();
    let d: Dataset | undefined = await load();
    process.stderr.write(`${label}: ${d.nUsers} users, ${d.nItems} items, ${d.nnz} interactions (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    for (const name of strategies) {
      const row = await benchOne(name, label, d, samples, d.nnz <= referenceUpTo);
      process.stderr.write(`  ${name}: fit ${fmt(row.fitSeconds, 2)} s, p50 ${fmt(row.p50Ms, 3)} ms, ${verdict(row)}\n`);
      rows.push(row);
    }
    d = undefined;
    collect();
  }
  const gcNote = (globalThis as { gc?: unknown }).gc ? '' : ' (run without --expose-gc: RSS deltas include uncollected garbage)';
  const cpus = os.cpus();
  const machine = { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version, os: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg()[0] };
  if (values.json === true) {
    const num = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4);
    const results = rows.map((r) => ({
      dataset: r.dataset,
      strategy: r.strategy,
      interactions: r.interactions,
      fitSeconds: num(r.fitSeconds),
      referenceFitSeconds: num(r.referenceFitSeconds),
      top10P50Ms: num(r.p50Ms),
      top10P99Ms: num(r.p99Ms),
      referenceTop10P99Ms: num(r.referenceP99Ms),
      bytesPerInteraction: num(r.modelBytes / r.interactions),
      rssDeltaMb: num(r.rssDeltaMb),
      heapDeltaMb: num(r.heapDeltaMb),
      ...(r.error ? { error: r.error } : {}),
    }));
    process.stdout.write(`${JSON.stringify({ machine, samples, peakRssMb: num(process.resourceUsage().maxRSS / 1024), results }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(table(rows));
  process.stdout.write(
    `\n${machine.cpu}, ${machine.cores} cores, node ${process.version}, load average ${machine.loadAverage.toFixed(2)} at the end; ${samples} sampled users per latency figure, peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB${gcNote}\n`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`bench-engine: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
