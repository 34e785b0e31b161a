import { spawn } from 'node:child_process';
import path from 'node:path';
import { strategyEntries } from '../src/engine/strategies/registry';
import type { BenchReport } from '../src/cli/bench-api';

const ROOT = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench:api -- --quick --json', () => {
  it('prints one JSON object with cached, uncached and open-loop rows for every served strategy, writes at 16 and 64, nothing rate-limited', async () => {
    // the bench forks its load generator from the built files: build them when the sources changed
    const build = await run(process.execPath, ['scripts/build-if-changed.js', 'server']);
    expect(build.code).toBe(0);
    const r = await run(process.execPath, ['server/dist/server/src/cli/bench-api.js', '--quick', '--json']);
    if (r.code !== 0) throw new Error(`bench exited ${r.code}: ${r.stderr.slice(-2000)}`);
    // stdout is the JSON object and nothing else (progress goes to stderr)
    const report = JSON.parse(r.stdout) as BenchReport;
    expect(r.stderr).toContain('bench: served strategies:');

    expect(report.machine).toEqual(expect.objectContaining({ cpu: expect.any(String), cores: expect.any(Number), node: process.version }));
    expect(report.dataset.name).toBe('demo');
    const { rows } = report;
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        ['connections', 'errors', 'mode', 'name', 'p50Ms', 'p95Ms', 'p99Ms', 'rate', 'rateLimited', 'ratioToTrivial', 'requests', 'rps', 'seconds', 'strategy'].sort(),
      );
      expect(row.rateLimited).toBe(0);
      expect(row.errors).toBe(0);
      expect(row.requests).toBeGreaterThan(0);
      expect(row.rps).toBeGreaterThan(0);
      expect(row.p99Ms).toBeGreaterThanOrEqual(row.p50Ms!);
      if (row.mode !== 'trivial') expect(row.ratioToTrivial).toEqual(expect.any(Number));
    }
    // the demo serves every registered strategy once ready: each one has its three rows
    const find = (strategy: string, mode: string, rate: 'saturation' | 'fixed') =>
      rows.filter((x) => x.strategy === strategy && x.mode === mode && (rate === 'fixed' ? x.rate === report.settings.rate : x.rate === null && x.connections === 16));
    for (const e of strategyEntries()) {
      expect(find(e.apiName, 'cached', 'saturation')).toHaveLength(1);
      expect(find(e.apiName, 'uncached', 'saturation')).toHaveLength(1);
      expect(find(e.apiName, 'uncached', 'fixed')).toHaveLength(1);
    }
    expect(rows.filter((x) => x.mode === 'write').map((x) => x.connections)).toEqual([16, 64]);
    expect(
      rows
        .filter((x) => x.mode === 'trivial' && x.rate === null)
        .map((x) => x.connections)
        .sort((a, b) => a - b),
    ).toEqual([1, 16, 64]);
    expect(rows.filter((x) => x.mode === 'trivial' && x.rate !== null)).toHaveLength(1);
    // impression logging: the same cached lists at the fixed rate, recorded and not, and its target
    const pair = ['no-impressions', 'impressions'].map((mode) => rows.filter((x) => x.mode === mode && x.rate === null && x.connections === 1));
    expect(pair.map((p) => p.length)).toEqual([1, 1]);
    expect(pair[0][0].strategy).toBe(pair[1][0].strategy);
    expect(report.targets.find((t) => t.target === 'impression logging adds ≤ 0.2 ms to p50')?.row).toBe(pair[1][0].name);
    expect(report.targets.length).toBe(strategyEntries().length * 3 + 2);
  }, 600_000);
});
