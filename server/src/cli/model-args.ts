import { parseArgs } from 'node:util';

/** Validated flags of the model CLI. Every problem is a ModelUsageError (one line, exit code 2). */
export type ModelArgs =
  | { mode: 'help' }
  | {
      mode: 'import';
      /** a folder written by `model export` (manifest.json names the rest), or the tables one by one */
      from?: string;
      strategy?: string;
      files?: {
        userFactors: string;
        itemFactors: string;
        userBiases?: string;
        itemBiases?: string;
        rankingUserFactors?: string;
        rankingItemFactors?: string;
      };
      globalMean?: number;
      params: Record<string, unknown>;
    }
  | { mode: 'export'; version: string; out: string; format: 'csv' | 'jsonl' };

export class ModelUsageError extends Error {
  override readonly name = 'ModelUsageError';
}

export const MODEL_USAGE =
  'usage: model import --strategy ALS|SVD --user-factors FILE --item-factors FILE [--user-biases FILE] [--item-biases FILE]\n' +
  '                    [--global-mean X] [--ranking-user-factors FILE --ranking-item-factors FILE] [--params JSON]\n' +
  '       model import --from DIR [--params JSON]     (a folder written by model export)\n' +
  '       model export --version ID --out DIR [--format csv|jsonl]\n' +
  '       tables are CSV (id,f0,f1,… / id,bias; header optional) or JSON Lines ({"id":…,"factors":[…]} / {"id":…,"bias":…}), or folders of Spark part files';

const TABLE_FLAGS = {
  'user-factors': 'userFactors',
  'item-factors': 'itemFactors',
  'user-biases': 'userBiases',
  'item-biases': 'itemBiases',
  'ranking-user-factors': 'rankingUserFactors',
  'ranking-item-factors': 'rankingItemFactors',
} as const;

export function parseModelArgs(argv: string[]): ModelArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        strategy: { type: 'string' },
        ...Object.fromEntries(Object.keys(TABLE_FLAGS).map((f) => [f, { type: 'string' as const }])),
        'global-mean': { type: 'string' },
        params: { type: 'string' },
        from: { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new ModelUsageError(String((e as Error).message).split('\n')[0]);
  }
  if (values.help) return { mode: 'help' };
  const [command, ...rest] = positionals;
  if (rest.length) throw new ModelUsageError(`unexpected argument "${rest[0]}"`);
  const str = (name: string): string | undefined => {
    const v = values[name] as string | undefined;
    if (v !== undefined && v.trim() === '') throw new ModelUsageError(`--${name} needs a value`);
    return v;
  };
  const only = (allowed: string[]) => {
    for (const name of Object.keys(values)) {
      if (values[name] !== undefined && !allowed.includes(name)) throw new ModelUsageError(`--${name} does not go with "${command}"`);
    }
  };

  if (command === 'export') {
    only(['version', 'out', 'format']);
    const version = str('version');
    const out = str('out');
    if (version === undefined || out === undefined) throw new ModelUsageError('export needs --version ID and --out DIR');
    if (!/^[1-9]\d{0,17}$/.test(version)) throw new ModelUsageError(`--version is a model version id (a positive integer), not "${version}"`);
    const format = str('format') ?? 'csv';
    if (format !== 'csv' && format !== 'jsonl') throw new ModelUsageError(`--format is csv or jsonl, not "${format}"`);
    return { mode: 'export', version, out, format };
  }
  if (command !== 'import') {
    throw new ModelUsageError(command === undefined ? 'name a command: import or export' : `unknown command "${command}"; the commands are import and export`);
  }
  only(['strategy', ...Object.keys(TABLE_FLAGS), 'global-mean', 'params', 'from']);
  let params: Record<string, unknown> = {};
  const rawParams = str('params');
  if (rawParams !== undefined) {
    try {
      params = JSON.parse(rawParams);
    } catch (e) {
      throw new ModelUsageError(`--params is not valid JSON (${(e as Error).message.split('\n')[0]}); e.g. --params '{"regularization":0.1,"alpha":1}'`);
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new ModelUsageError('--params must be a JSON object, e.g. \'{"alpha":1}\'');
  }
  const given = Object.keys(TABLE_FLAGS).filter((f) => values[f] !== undefined);
  const from = str('from');
  if (from !== undefined) {
    if (given.length || values.strategy !== undefined || values['global-mean'] !== undefined) {
      throw new ModelUsageError('--from DIR takes the strategy, the files and the global mean from its manifest.json; give either --from or the files');
    }
    return { mode: 'import', from, params };
  }
  const strategy = str('strategy');
  if (strategy === undefined) throw new ModelUsageError('import needs --strategy (ALS or SVD), --user-factors FILE and --item-factors FILE, or --from DIR');
  const files: Record<string, string> = {};
  for (const f of given) files[TABLE_FLAGS[f as keyof typeof TABLE_FLAGS]] = str(f)!;
  if (!files.userFactors || !files.itemFactors) throw new ModelUsageError('import needs both --user-factors FILE and --item-factors FILE');
  let globalMean: number | undefined;
  const gm = str('global-mean');
  if (gm !== undefined) {
    globalMean = Number(gm);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(gm.trim()) || !Number.isFinite(globalMean)) {
      throw new ModelUsageError(`--global-mean is a number, not "${gm}"`);
    }
  }
  return { mode: 'import', strategy, files: files as NonNullable<Extract<ModelArgs, { mode: 'import' }>['files']>, globalMean, params };
}
