import { parseArgs } from 'node:util';
import { strategyNames } from '../engine/strategies/registry';
import { parseStrategyList, UsageError } from './strategy-list';

export { UsageError } from './strategy-list';

/** Validated flags of the eval CLI. Every problem is a UsageError (one line, exit code 2). */
export interface EvalArgs {
  data: string;
  strategies: string[];
  folds: number;
  k: number;
  seed: number;
  relevanceThreshold: number | null;
  json: boolean;
  help: boolean;
}

export const EVAL_USAGE =
  'usage: eval --data DIR [--strategies a,b,…] [--folds 5] [--k 10] [--seed 0] [--relevance-threshold T] [--json]';

function integer(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v)) throw new UsageError(`--${flag} must be an integer, got "${raw}"`);
  if (v < min) throw new UsageError(`--${flag} must be >= ${min}, got ${v}`);
  return v;
}

/** parses argv (without node and script); strategies default to every registered one, AUTO last */
export function parseEvalArgs(argv: string[]): EvalArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        strategies: { type: 'string' },
        folds: { type: 'string' },
        k: { type: 'string' },
        seed: { type: 'string' },
        'relevance-threshold': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    // node's messages are already one line ("Unknown option '--x'"), minus a hint about "--" we do not use
    throw new UsageError(String((e as Error).message).split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
  const help = values.help === true;
  const data = values.data as string | undefined;
  if (!help && (data === undefined || data === '')) throw new UsageError('--data DIR is required (a MovieLens folder)');
  const strategies = values.strategies === undefined ? strategyNames() : parseStrategyList(String(values.strategies)).map((e) => e.name);
  const rawThreshold = values['relevance-threshold'] as string | undefined;
  let relevanceThreshold: number | null = null;
  if (rawThreshold !== undefined) {
    relevanceThreshold = Number(rawThreshold);
    if (rawThreshold.trim() === '' || !Number.isFinite(relevanceThreshold)) {
      throw new UsageError(`--relevance-threshold must be a number, got "${rawThreshold}"`);
    }
  }
  return {
    data: data ?? '',
    strategies,
    folds: integer('folds', values.folds as string | undefined, 5, 2),
    k: integer('k', values.k as string | undefined, 10, 1),
    seed: integer('seed', values.seed as string | undefined, 0, 0),
    relevanceThreshold,
    json: values.json === true,
    help,
  };
}
