import { parseArgs } from 'node:util';
import { ColumnMapError, parseColumnMap } from '../data/importers/generic/column-map';
import { strategyNames } from '../engine/strategies/registry';
import type { GenericFiles } from './generic-dataset';
import { integerFlag } from './integer-flag';
import { parseStrategyList, UsageError } from './strategy-list';

export { UsageError } from './strategy-list';

/** Validated flags of the eval CLI. Every problem is a UsageError (one line, exit code 2). */
export interface EvalArgs {
  /** a MovieLens folder ('' when the data comes in the generic format) */
  data: string;
  /** files in the generic import format (--items/--events/--feedback-types/--map), or null */
  generic: GenericFiles | null;
  strategies: string[];
  folds: number;
  k: number;
  seed: number;
  relevanceThreshold: number | null;
  json: boolean;
  help: boolean;
}

export const EVAL_USAGE =
  'usage: eval (--data DIR | --events FILE [--items FILE] [--feedback-types FILE] [--map SOURCE=TARGET]…)\n' +
  '            [--strategies a,b,…] [--folds 5] [--k 10] [--seed 0] [--relevance-threshold T] [--json]';

/** parses argv (without node and script); strategies default to every registered one, AUTO last */
export function parseEvalArgs(argv: string[]): EvalArgs {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        items: { type: 'string' },
        events: { type: 'string' },
        'feedback-types': { type: 'string' },
        map: { type: 'string', multiple: true },
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
    throw new UsageError(
      String((e as Error).message)
        .split('\n')[0]
        .replace(/\. To specify a positional.*$/, ''),
    );
  }
  const help = values.help === true;
  const data = values.data as string | undefined;
  const generic = genericFiles(values);
  if (data !== undefined && generic) throw new UsageError('give either --data DIR (MovieLens) or --events FILE (the generic format), not both');
  if (!help && !generic && (data === undefined || data === '')) {
    throw new UsageError('--data DIR (a MovieLens folder) or --events FILE (the generic format) is required');
  }
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
    generic,
    strategies,
    folds: integerFlag('folds', values.folds as string | undefined, 5, 2),
    k: integerFlag('k', values.k as string | undefined, 10, 1),
    seed: integerFlag('seed', values.seed as string | undefined, 0, 0),
    relevanceThreshold,
    json: values.json === true,
    help,
  };
}

/** the generic-format flags, or null when none is given */
function genericFiles(values: Record<string, string | string[] | boolean | undefined>): GenericFiles | null {
  const str = (flag: string): string | undefined => {
    const v = values[flag] as string | undefined;
    if (v !== undefined && v.trim() === '') throw new UsageError(`--${flag} needs a file`);
    return v;
  };
  const items = str('items');
  const events = str('events');
  const feedbackTypes = str('feedback-types');
  const mapSpecs = (values.map as string[] | undefined) ?? [];
  if (items === undefined && events === undefined && feedbackTypes === undefined && mapSpecs.length === 0) return null;
  if (events === undefined) throw new UsageError('--events FILE is required with --items, --feedback-types or --map');
  let map;
  try {
    map = parseColumnMap(mapSpecs);
  } catch (e) {
    if (e instanceof ColumnMapError) throw new UsageError(e.message);
    throw e;
  }
  return { events, ...(items !== undefined ? { items } : {}), ...(feedbackTypes !== undefined ? { feedbackTypes } : {}), map };
}
