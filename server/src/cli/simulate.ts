/**
 * `npm run simulate -- --url URL --key KEY [--users 200] [--sessions 5] [--seed 1] [--concurrency 16]
 * [--demo-seed 42] [--json]`: synthetic demo users ask a running server for recommendations and click
 * (and sometimes buy) what they truly like, with position bias (cli/simulate/behaviour.ts). Prints a
 * summary. Exit 0 when every request succeeded, 1 when any failed (or the server is unreachable), 2 on
 * bad usage. The server must hold the demo data of the same DEMO_SEED (--demo-seed), so the simulated
 * users' true tastes are known.
 */
import { parseArgs } from 'node:util';
import { generateDemoWorld } from '../data/demo';
import { graphql, simulate, SimulationError, type SimulationResult } from './simulate/run';
import { integerFlag } from './integer-flag';
import { UsageError } from './strategy-list';

const USAGE = 'usage: simulate --url URL --key KEY [--users 200] [--sessions 5] [--seed 1] [--concurrency 16] [--demo-seed 42] [--json]';

export interface SimulateArgs {
  url: string;
  key: string;
  users: number;
  sessions: number;
  seed: number;
  concurrency: number;
  demoSeed: number;
  json: boolean;
}

export function parseSimulateArgs(argv: string[], env: NodeJS.ProcessEnv = {}): SimulateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        users: { type: 'string' },
        sessions: { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
        'demo-seed': { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const url = values.url as string | undefined;
  if (!url || !/^https?:\/\//.test(url)) throw new UsageError(`--url must be the server's http(s) address, e.g. http://127.0.0.1:4000, got "${url ?? ''}"`);
  const key = values.key as string | undefined;
  if (!key) throw new UsageError('--key needs an API key with scope write (npm run key -- create --scope write --name simulator)');
  return {
    url,
    key,
    users: integerFlag('users', values.users as string | undefined, 200, 1),
    sessions: integerFlag('sessions', values.sessions as string | undefined, 5, 1),
    seed: integerFlag('seed', values.seed as string | undefined, 1, 0),
    concurrency: integerFlag('concurrency', values.concurrency as string | undefined, 16, 1),
    demoSeed: integerFlag('demo-seed', values['demo-seed'] as string | undefined, Number(env.DEMO_SEED ?? 42), 0),
    json: Boolean(values.json),
  };
}

export interface SimulateIo {
  stdout(s: string): void;
  stderr(s: string): void;
  env?: NodeJS.ProcessEnv;
}

/** the feedback type recorded for a purchase: the first one the server counts as a conversion */
async function conversionKind(args: SimulateArgs): Promise<string | null> {
  const { feedbackTypes } = await graphql<{ feedbackTypes: { name: string; polarity: string; conversion: boolean }[] }>(
    args.url,
    args.key,
    '{ feedbackTypes { name polarity conversion } }',
  );
  const marked = feedbackTypes.filter((t) => t.conversion && t.polarity === 'POSITIVE');
  return (marked.find((t) => t.name === 'purchase') ?? marked[0])?.name ?? null;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function summary(r: SimulationResult, args: SimulateArgs, buyKind: string | null): string {
  const lines = [
    `simulated ${args.users} demo users × ${args.sessions} sessions (seed ${args.seed}) against ${args.url}`,
    `requests ${r.requests} (${r.requestsPerSecond.toFixed(1)} req/s over ${r.seconds.toFixed(1)} s), lists ${r.lists}, clicks ${r.clicks}, conversions ${r.conversions}${buyKind ? ` (as "${buyKind}")` : ' (no feedback type is a conversion: none recorded)'}, errors ${r.errors}`,
  ];
  for (const [strategy, t] of Object.entries(r.byStrategy).sort()) {
    lines.push(
      `  ${strategy.padEnd(12)} lists ${String(t.lists).padStart(6)}  with a click ${pct(t.lists ? t.clickedLists / t.lists : 0).padStart(6)}  clicks ${t.clicks}  buys ${t.buys}`,
    );
  }
  if (r.firstError) lines.push(`first error: ${r.firstError}`);
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: SimulateIo): Promise<number> {
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv, io.env ?? process.env);
  } catch (e) {
    io.stderr(`simulate: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { data, truth } = generateDemoWorld({ seed: args.demoSeed });
  if (args.users > data.users.length) {
    io.stderr(`simulate: --users must be at most ${data.users.length} (the demo's users), got ${args.users}\n${USAGE}\n`);
    return 2;
  }
  try {
    const buyKind = await conversionKind(args);
    const result = await simulate({ ...args, clickKind: 'click', buyKind }, truth, data.users.length);
    io.stdout(args.json ? `${JSON.stringify({ ...result, buyKind })}\n` : summary(result, args, buyKind));
    return result.errors ? 1 : 0;
  } catch (e) {
    io.stderr(`simulate: ${e instanceof SimulationError ? e.message : `could not reach ${args.url}: ${(e as Error).message}`}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`simulate failed: ${e instanceof Error ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
