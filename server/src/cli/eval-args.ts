import { parseArgs } from 'node:util';

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

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EVAL_USAGE =
  'usage: eval --data DIR [--strategies a,b,…] [--folds 5] [--k 10] [--seed 0] [--relevance-threshold T] [--json]';

export const DEFAULT_STRATEGIES = ['popularity', 'usercf', 'svd', 'als', 'auto'];

function integer(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v)) throw new UsageError(`--${flag} must be an integer, got "${raw}"`);
  if (v < min) throw new UsageError(`--${flag} must be >= ${min}, got ${v}`);
  return v;
}

/** parses argv (without node and script); `known` are the strategy names the registry offers */
export function parseEvalArgs(argv: string[], known: readonly string[]): EvalArgs {
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
  const strategies = values.strategies === undefined
    ? DEFAULT_STRATEGIES.filter((s) => known.includes(s))
    : String(values.strategies).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (strategies.length === 0) throw new UsageError('--strategies must name at least one strategy');
  for (const s of strategies) {
    if (!known.includes(s)) throw new UsageError(`unknown strategy "${s}"; known: ${known.join(', ')}`);
  }
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
