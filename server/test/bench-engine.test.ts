import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Issue 14's contract: `npm run --silent bench:engine -- --json` prints one JSON object whose results
 * name the dataset, the strategy, the kernel's and the TypeScript reference's fit time (same run), the
 * top-10 p99 and the model's bytes per interaction. Run on a tiny synthetic set (no MovieLens rows:
 * --data points nowhere), through the npm script as documented.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function npm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Result {
  dataset: string;
  strategy: string;
  fitSeconds: number | null;
  referenceFitSeconds: number | null;
  top10P99Ms: number | null;
  bytesPerInteraction: number | null;
  error?: string;
}

it('bench:engine --json: one object, a result per strategy with kernel and reference fit times, top-10 p99 and bytes per interaction', async () => {
  const r = await npm([
    'run',
    '--silent',
    'bench:engine',
    '--',
    '--json',
    '--quick',
    '--sizes',
    '20k',
    '--data',
    path.join(ROOT, 'no-such-folder'),
    '--strategies',
    'popularity,svd,itemcf',
  ]);
  if (r.code !== 0) throw new Error(`bench:engine exited ${r.code}: ${r.stderr.slice(-2000)}`);
  // stdout is the JSON object and nothing else (progress goes to stderr)
  const report = JSON.parse(r.stdout) as { machine: { cores: number }; results: Result[] };
  expect(report.machine.cores).toBeGreaterThan(0);
  expect(report.results.map((x) => [x.dataset, x.strategy])).toEqual([
    ['synthetic-20k', 'popularity'],
    ['synthetic-20k', 'svd'],
    ['synthetic-20k', 'itemcf'],
  ]);
  for (const x of report.results) {
    expect(x.error).toBeUndefined();
    expect(x.fitSeconds).toBeGreaterThan(0);
    expect(x.top10P99Ms).toBeGreaterThan(0);
    expect(x.bytesPerInteraction).toBeGreaterThan(0);
  }
  // the strategies with kernels are measured against their TypeScript reference in the same run
  for (const name of ['svd', 'itemcf']) expect(report.results.find((x) => x.strategy === name)!.referenceFitSeconds).toBeGreaterThan(0);
}, 300_000);
