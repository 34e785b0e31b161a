/**
 * Training on several threads from a plain node process (as the CLIs and the training thread run
 * it): the fit must finish and the process stay alive while it waits for its kernel threads (an
 * unref'd worker once let `npm run eval` exit silently mid-fit). Runs the compiled engine.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../src/paths';

jest.setTimeout(120_000);

test('a multi-threaded ALS and SVD fit completes in a process of its own', () => {
  const dist = path.join(repoRoot(), 'server', 'dist', 'server', 'src', 'engine');
  const script = `
    const { setEngineThreads, kernelMode } = require(${JSON.stringify(path.join(dist, 'kernels', 'kernel-mode.js'))});
    const { AlsStrategy } = require(${JSON.stringify(path.join(dist, 'strategies', 'als.js'))});
    const { SvdStrategy } = require(${JSON.stringify(path.join(dist, 'strategies', 'svd.js'))});
    const { clusteredImplicit, lowRankRatings } = require(${JSON.stringify(path.join(dist, 'strategies', 'mf', 'synthetic.js'))});
    setEngineThreads(3);
    (async () => {
      const als = await new AlsStrategy({ factors: 8, iterations: 2 }).fit(clusteredImplicit({ seed: 1 }).train, { seed: 1 });
      const svd = await new SvdStrategy({ factors: 8, epochs: 3 }).fit(lowRankRatings({ seed: 2, users: 300, items: 200 }).train, { seed: 1 });
      console.log(JSON.stringify({ mode: kernelMode(), als: als.nUsers, svd: svd.nUsers }));
    })();
  `;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 100_000 });
  expect(JSON.parse(out.trim())).toEqual({ mode: 'wasm', als: expect.any(Number), svd: 300 });
});
