import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../engine/util/random';
import { strategyNames } from '../engine/strategies/registry';
import { main, type EvalReport } from './eval';

/**
 * A tiny ml-latest folder: 30 users rating 12–20 of 60 movies, with a taste pattern (users and movies
 * in two halves, each user preferring its own half) so personalized strategies have something to learn.
 */
function writeTinyMovieLens(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-eval-'));
  const movies = ['movieId,title,genres'];
  for (let m = 1; m <= 60; m++) movies.push(`${m},"Movie ${m}, The (${1990 + (m % 20)})",${m % 2 ? 'Drama' : 'Comedy|Romance'}`);
  const ratings = ['userId,movieId,rating,timestamp'];
  const rng = createRng(11);
  for (let u = 1; u <= 30; u++) {
    const n = 12 + Math.floor(rng() * 9);
    const chosen = new Set<number>();
    while (chosen.size < n) {
      const own = rng() < 0.8;
      const half = (u % 2 === 0) === own ? 0 : 30;
      chosen.add(1 + half + Math.floor(rng() * 30));
    }
    for (const m of chosen) {
      const likes = (u % 2 === 0) === m <= 30;
      const r = Math.min(5, Math.max(0.5, (likes ? 4 : 2) + Math.round((rng() - 0.5) * 2) / 2));
      ratings.push(`${u},${m},${r.toFixed(1)},${964982703 + u * 1000 + m}`);
    }
  }
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  writeFileSync(join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
  return dir;
}

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe('eval CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeTinyMovieLens();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly one JSON object with one result per default strategy', async () => {
    const { code, stdout, stderr } = await run(['--data', dir, '--folds', '3', '--k', '5', '--seed', '2', '--json']);
    expect(stderr).not.toMatch(/^eval:/m);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as EvalReport;
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(report.dataset).toEqual({ users: 30, items: 60, interactions: expect.any(Number) });
    expect(report.dataset.interactions).toBeGreaterThanOrEqual(30 * 12);
    expect(report.protocol).toEqual({ folds: 3, k: 5, seed: 2, relevanceThreshold: null });
    expect(report.results.map((r) => r.strategy)).toEqual(strategyNames());
    for (const r of report.results) {
      for (const key of ['precisionAtK', 'recallAtK', 'ndcgAtK', 'mapAtK', 'hitRateAtK', 'coverage'] as const) {
        expect(r[key]).toBeGreaterThanOrEqual(0);
        expect(r[key]).toBeLessThanOrEqual(1);
      }
      expect(r.novelty).toBeGreaterThan(0);
      expect(r.fitSeconds).toBeGreaterThanOrEqual(0);
      expect(r.evalSeconds).toBeGreaterThanOrEqual(0);
      expect(r.usersEvaluated).toBeGreaterThan(0);
    }
    const svd = report.results.find((r) => r.strategy === 'svd')!;
    expect(svd.rmse).toBeGreaterThan(0);
    expect(svd.rmse).toBeLessThan(2);
    // ALS ranks implicit confidence and has no rating scale: no RMSE
    expect(report.results.find((r) => r.strategy === 'als')!.rmse).toBeNull();
  });

  it('accepts strategy names in any case, with or without underscores', async () => {
    const { code, stdout } = await run(['--data', dir, '--strategies', 'ITEM_CF,Popularity,item_cf,itemcf', '--folds', '2', '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as EvalReport).results.map((r) => r.strategy)).toEqual(['itemcf', 'popularity']);
  });

  it('applies the relevance threshold and prints a table without --json', async () => {
    const { code, stdout } = await run(['--data', dir, '--strategies', 'popularity', '--folds', '2', '--relevance-threshold', '4']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/relevant = held-out rating >= 4/);
    expect(stdout).toMatch(/^popularity\s+\d/m);
    expect(stdout).toMatch(/NDCG@10/);
  });

  it('says in the table title that a negative held-out entry is not relevant (evaluate.ts isNegativeEntry)', async () => {
    const { code, stdout } = await run(['--data', dir, '--strategies', 'popularity', '--folds', '2']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/, every held-out item relevant unless its signal is negative \(no rating and a summed weight below 0, e\.g\. a dislike\)$/);
  });

  it.each([
    [['--data', 'X', '--bogus']],
    [['--data', 'X', '--folds', 'five']],
    [['--data', 'X', '--folds', '1']],
    [['--data', 'X', '--k', '0']],
    [['--data', 'X', '--strategies', 'popularity,magic']],
    [['--data', 'X', '--relevance-threshold', 'high']],
    [['--folds', '3']],
    [['--data', 'X', 'stray']],
  ])('exits 2 with a one-line error for bad flags %j', async (argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^eval: .+\n$/);
  });

  it('exits 2 for an unreadable folder', async () => {
    const { code, stderr } = await run(['--data', join(dir, 'nope'), '--json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^eval: cannot read MovieLens data from .*nope.*\n$/);
  });
});
