/**
 * Offline evaluation of strategies on a MovieLens folder or on files in the generic import format
 * (items, events, feedback types: see data/importers/generic), with no database:
 *   npm run --silent eval -- --data DIR [--strategies popularity,usercf,itemcf,svd,als,auto] [--folds 5] [--k 10]
 *                            [--seed 0] [--relevance-threshold T] [--json]
 *   npm run --silent eval -- --events FILE [--items FILE] [--feedback-types FILE] [--map SOURCE=TARGET]… [same options]
 * Strategy names come from the registry, in any case with or without underscores (ITEM_CF, item_cf,
 * itemcf); the default is every registered strategy, `auto` last (AUTO's own per-user decision).
 * With --json, stdout is exactly one JSON object; otherwise an aligned table. Progress goes to stderr.
 * Exit codes: 0 done, 2 bad flags or unreadable folder, 1 a strategy failed.
 */
import { basename } from 'node:path';
import { metricValues, type MetricValues } from '../engine/evaluation/metric-values';
import { readMovieLens } from '../data/importers/movielens/parse';
import { configureEngine } from '../engine/kernels/kernel-mode';
import { engineSettings } from '../config';
import type { Dataset } from '../engine/dataset/dataset';
import { evaluate, type EvaluationProtocol, type EvaluationResult } from '../engine/evaluation/evaluate';
import { createStrategy, fallbackEntry } from '../engine/strategies/registry';
import { EVAL_USAGE, parseEvalArgs, UsageError, type EvalArgs } from './eval-args';
import { knownStrategies } from './strategy-list';
import { datasetFromMovieLens } from './movielens-dataset';
import { datasetFromGenericFiles, type GenericFiles } from './generic-dataset';
import { alignedTable, fmt } from './text-table';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  signal?: AbortSignal;
}

/** the metrics of one strategy as printed: means over folds, null where the strategy cannot produce one */
export interface EvalRow extends MetricValues {
  strategy: string;
  fitSeconds: number;
  evalSeconds: number;
  /** held-out ratings predicted / where predict gave NaN (excluded from RMSE and MAE), over all folds */
  predictions: number;
  impossiblePredictions: number;
  /** user-fold pairs with a relevant held-out item, and how many of those fell back to popularity */
  usersEvaluated: number;
  usersFallback: number;
}

export interface EvalReport {
  dataset: { users: number; items: number; interactions: number };
  protocol: { folds: number; k: number; seed: number; relevanceThreshold: number | null };
  results: EvalRow[];
}

function toRow(r: EvaluationResult): EvalRow {
  return {
    strategy: r.strategy,
    ...metricValues(r),
    fitSeconds: r.fitSeconds,
    evalSeconds: r.evalSeconds,
    predictions: r.predictions,
    impossiblePredictions: r.impossiblePredictions,
    usersEvaluated: r.usersEvaluated,
    usersFallback: r.usersFallback,
  };
}

export function formatTable(report: EvalReport): string {
  const k = report.protocol.k;
  const header = ['strategy', 'RMSE', 'MAE', `P@${k}`, `R@${k}`, `NDCG@${k}`, `MAP@${k}`, `HR@${k}`, 'coverage', 'novelty', 'fit s', 'eval s'];
  const rows = report.results.map((r) => [
    r.strategy,
    fmt(r.rmse),
    fmt(r.mae),
    fmt(r.precisionAtK),
    fmt(r.recallAtK),
    fmt(r.ndcgAtK),
    fmt(r.mapAtK),
    fmt(r.hitRateAtK),
    fmt(r.coverage),
    fmt(r.novelty, 2),
    fmt(r.fitSeconds, 2),
    fmt(r.evalSeconds, 2),
  ]);
  const { users, items, interactions } = report.dataset;
  const p = report.protocol;
  const title =
    `${users} users, ${items} items, ${interactions} interactions; ${p.folds}-fold, k=${k}, seed ${p.seed}` +
    // evaluate.ts: a negative entry (no rating, signed weight summing below zero, a dislike) is never relevant
    (p.relevanceThreshold === null
      ? ', every held-out item relevant unless its signal is negative (no rating and a summed weight below 0, e.g. a dislike)'
      : `, relevant = held-out rating >= ${p.relevanceThreshold}`);
  const notes = report.results
    .filter((r) => r.impossiblePredictions > 0 || r.usersFallback > 0)
    .map(
      (r) =>
        `${r.strategy}: ${r.impossiblePredictions} of ${r.predictions + r.impossiblePredictions} held-out ratings not predictable; ` +
        `${r.usersFallback} of ${r.usersEvaluated} ranked users served by the popularity fallback`,
    );
  return (
    `${title}\n\n${alignedTable(
      header,
      rows,
      header.map((_, c) => (c === 0 ? 'left' : 'right')),
    )}` + (notes.length ? `\n${notes.join('\n')}\n` : '')
  );
}

async function loadDataset(dir: string, io: CliIo): Promise<Dataset> {
  let lastPct = -1;
  const ml = await readMovieLens(dir, {
    onProgress: (done, total) => {
      const pct = total ? Math.floor((100 * done) / total / 25) * 25 : 100;
      if (pct !== lastPct) io.stderr(`reading ratings… ${pct}%\n`);
      lastPct = pct;
    },
  });
  return datasetFromMovieLens(ml);
}

async function loadGenericDataset(files: GenericFiles, io: CliIo): Promise<Dataset> {
  let last = '';
  const { dataset, stats } = await datasetFromGenericFiles(files, (file, done, total) => {
    const key = `reading ${basename(file)}… ${total ? Math.floor((100 * done) / total / 25) * 25 : 100}%`;
    if (key !== last) io.stderr(`${key}\n`);
    last = key;
  });
  if (stats.neutralSkipped) io.stderr(`${stats.neutralSkipped} of ${stats.events} events are of neutral feedback types: counted, not learned from\n`);
  return dataset;
}

export async function runEvaluation(dataset: Dataset, args: EvalArgs, io: CliIo): Promise<EvalReport> {
  const protocol: EvaluationProtocol = { folds: args.folds, k: args.k, seed: args.seed, relevanceThreshold: args.relevanceThreshold };
  const results: EvalRow[] = [];
  for (const name of args.strategies) {
    let lastTenth = -1;
    const r = await evaluate(() => createStrategy(name), dataset, protocol, {
      signal: io.signal,
      // serving falls back to popularity for users a model cannot score; evaluation does the same
      fallback: () => fallbackEntry().create(),
      onProgress: (p) => {
        const tenth = Math.floor(p.progress * 10);
        if (tenth !== lastTenth) io.stderr(`${name}: fold ${p.fold + 1}/${p.folds} ${p.stage} (${tenth * 10}% overall)\n`);
        lastTenth = tenth;
      },
    });
    results.push(toRow(r));
  }
  return {
    dataset: { users: dataset.nUsers, items: dataset.nItems, interactions: dataset.nnz },
    protocol: { folds: args.folds, k: args.k, seed: args.seed, relevanceThreshold: args.relevanceThreshold },
    results,
  };
}

/** the whole CLI, callable in-process (tests pass captured io); resolves to the exit code */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let args: EvalArgs;
  try {
    args = parseEvalArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`eval: ${e.message}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${EVAL_USAGE}\nstrategies: ${knownStrategies()} (any case, underscores optional)\n`);
    return 0;
  }
  // ENGINE_KERNELS=reference evaluates with the TypeScript reference loops (the kernels' twins)
  let engine: ReturnType<typeof engineSettings>;
  try {
    engine = engineSettings(process.env);
  } catch (e) {
    io.stderr(`eval: ${oneLine(e)}\n`);
    return 2;
  }
  const kernelsMissing = configureEngine(engine.engineKernels, engine.engineThreads);
  // asked for by name and not built: an error (left unset, the reference runs, as it would anywhere)
  if (kernelsMissing && process.env.ENGINE_KERNELS === 'wasm') {
    io.stderr(`eval: ${kernelsMissing}\n`);
    return 2;
  }
  let dataset: Dataset;
  try {
    dataset = args.generic ? await loadGenericDataset(args.generic, io) : await loadDataset(args.data, io);
  } catch (e) {
    io.stderr(args.generic ? `eval: ${oneLine(e)}\n` : `eval: cannot read MovieLens data from ${args.data}: ${oneLine(e)}\n`);
    return 2;
  }
  if (dataset.nnz < args.folds) {
    io.stderr(`eval: ${dataset.nnz} interactions cannot be split into ${args.folds} folds\n`);
    return 2;
  }
  try {
    const report = await runEvaluation(dataset, args, io);
    io.stdout(args.json ? `${JSON.stringify(report)}\n` : formatTable(report));
    return 0;
  } catch (e) {
    io.stderr(`eval: ${oneLine(e)}\n`);
    return 1;
  }
}

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

if (require.main === module) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`eval: ${oneLine(e)}\n`);
      process.exitCode = 1;
    },
  );
}
