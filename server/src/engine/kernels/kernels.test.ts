import { AlsStrategy } from '../strategies/als';
import { SvdStrategy, type SvdModel } from '../strategies/svd';
import { clusteredImplicit, lowRankRatings } from '../strategies/mf/synthetic';
import type { Model, ScoredItem } from '../types';
import { createRng } from '../util/random';
import { engineThreads, kernelMode, setEngineThreads, setKernelMode, type KernelMode } from './kernel-mode';
import { RowScorer } from './row-scorer';
import { kernelsModule, kernelsProblem } from './wasm-module';

/**
 * The WebAssembly kernels against the TypeScript reference they replace, on small data (seconds):
 * the same numbers within float32 rounding, the same lists, the same held-out accuracy.
 */
async function inMode<T>(mode: KernelMode, fn: () => Promise<T>): Promise<T> {
  const before = kernelMode();
  setKernelMode(mode);
  try {
    return await fn();
  } finally {
    setKernelMode(before);
  }
}

/** two top-k lists agree: scores within tol position by position, items equal except where scores (nearly) tie */
function expectSameList(a: ScoredItem[], b: ScoredItem[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, n) => {
    expect(Math.abs(x.score - b[n].score)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(x.score)));
    if (x.item !== b[n].item) expect(Math.abs(x.score - b[n].score)).toBeLessThanOrEqual(2 * tol * Math.max(1, Math.abs(x.score)));
  });
  const same = a.filter((x) => b.some((y) => y.item === x.item)).length;
  expect(same).toBeGreaterThanOrEqual(a.length - 1);
}

describe('WebAssembly kernels', () => {
  it('are built and load (npm run build compiles them)', () => {
    expect(kernelsProblem()).toBe('');
    expect(kernelsModule()).not.toBeNull();
    expect(kernelMode()).toBe('wasm');
  });

  it('dotRows: every row\u2019s dot product and bias as the float64 reference computes it, for any width', () => {
    const rnd = createRng(7);
    for (const width of [1, 3, 4, 7, 8, 37, 64, 100]) {
      const n = 53;
      const rows = Float32Array.from({ length: n * width }, () => rnd() - 0.5);
      const bias = Float32Array.from({ length: n }, () => rnd() * 2);
      const v = Float32Array.from({ length: width }, () => rnd() - 0.5);
      for (const b of [null, bias]) {
        const got = new RowScorer(rows, n, width, b).score(v);
        for (let i = 0; i < n; i++) {
          let x = b ? b[i] : 0;
          for (let f = 0; f < width; f++) x += v[f] * rows[i * width + f];
          expect(Math.abs(got[i] - x)).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('SVD: the SGD kernel fits the same model (held-out RMSE within 0.002) and ranks the same lists', async () => {
    const data = lowRankRatings({ seed: 11, users: 300, items: 200 });
    const params = { factors: 10, epochs: 40, learningRate: 0.01, regularization: 0.02 };
    const fit = (mode: KernelMode) => inMode(mode, async () => (await new SvdStrategy(params).fit(data.train, { seed: 4 })) as SvdModel);
    const [ref, simd] = [await fit('reference'), await fit('wasm')];
    const rmse = (m: SvdModel) => Math.sqrt(data.heldOut.reduce((s, c) => s + (m.predict(c.user, c.item) - c.rating) ** 2, 0) / data.heldOut.length);
    expect(Math.abs(rmse(simd) - rmse(ref))).toBeLessThan(0.002);
    // the same trained model scored both ways gives the same lists
    for (let u = 0; u < 40; u++) {
      const a = await inMode('reference', async () => simd.recommend({ user: u, k: 10 }));
      const b = await inMode('wasm', async () => simd.recommend({ user: u, k: 10 }));
      expectSameList(b, a, 1e-5);
    }
  });

  it('SVD on 2 threads (blocked SGD): the same model every time, as accurate as on 1', async () => {
    const data = lowRankRatings({ seed: 12, users: 300, items: 200 });
    expect(data.train.nnz).toBeGreaterThan(20_000); // enough ratings for the threads to be used
    const params = { factors: 8, epochs: 30, learningRate: 0.01, regularization: 0.02, rankingFactors: 0 };
    const before = engineThreads();
    const fit = async (threads: number) => {
      setEngineThreads(threads);
      try {
        return (await new SvdStrategy(params).fit(data.train, { seed: 5 })) as SvdModel;
      } finally {
        setEngineThreads(before);
      }
    };
    const [a, b, one] = [await fit(2), await fit(2), await fit(1)];
    expect(Buffer.from(a.serialize()).equals(Buffer.from(b.serialize()))).toBe(true);
    const rmse = (m: SvdModel) => Math.sqrt(data.heldOut.reduce((s, c) => s + (m.predict(c.user, c.item) - c.rating) ** 2, 0) / data.heldOut.length);
    expect(Buffer.from(a.serialize()).equals(Buffer.from(one.serialize()))).toBe(false); // blocked: another order
    expect(Math.abs(rmse(a) - rmse(one))).toBeLessThan(0.01);
  });

  it('ALS: the training kernels give the reference’s factors bit for bit (k a multiple of 4), close otherwise', async () => {
    const data = clusteredImplicit({ seed: 8 });
    for (const factors of [12, 10]) {
      const fit = (mode: KernelMode) => inMode(mode, async () => (await new AlsStrategy({ factors, iterations: 4 }).fit(data.train, { seed: 2 })).serialize());
      const [ref, simd] = [await fit('reference'), await fit('wasm')];
      if (factors % 4 === 0) expect(Buffer.from(simd).equals(Buffer.from(ref))).toBe(true);
      else {
        const a = new Float32Array(ref.buffer.slice(ref.byteOffset, ref.byteOffset + ref.byteLength - (ref.byteLength % 4)));
        const b = new Float32Array(simd.buffer.slice(simd.byteOffset, simd.byteOffset + simd.byteLength - (simd.byteLength % 4)));
        let worst = 0;
        for (let x = 0; x < a.length; x++) if (Number.isFinite(a[x]) && Math.abs(a[x]) < 1e6) worst = Math.max(worst, Math.abs(a[x] - b[x]));
        expect(worst).toBeLessThan(1e-6);
      }
    }
  });

  it('ALS: the same factors on 1 thread and on 3 (each row is solved alone, whoever solves it)', async () => {
    const data = clusteredImplicit({ seed: 9 });
    const before = engineThreads();
    const fit = async (threads: number) => {
      setEngineThreads(threads);
      try {
        return (await new AlsStrategy({ factors: 16, iterations: 3 }).fit(data.train, { seed: 3 })).serialize();
      } finally {
        setEngineThreads(before);
      }
    };
    const [one, three] = [await fit(1), await fit(3)];
    expect(Buffer.from(three).equals(Buffer.from(one))).toBe(true);
  });

  it('ALS: scoring and similar items through the kernel match the reference', async () => {
    const data = clusteredImplicit({ seed: 5 });
    const model: Model = await new AlsStrategy({ factors: 10, iterations: 6 }).fit(data.train, { seed: 1 });
    for (let u = 0; u < data.train.nUsers; u += 3) {
      const a = await inMode('reference', async () => model.recommend({ user: u, k: 10, exclude: new Set([1, 2]), filter: (i) => i % 5 !== 0 }));
      const b = await inMode('wasm', async () => model.recommend({ user: u, k: 10, exclude: new Set([1, 2]), filter: (i) => i % 5 !== 0 }));
      expectSameList(b, a, 1e-5);
      for (const s of b) expect(s.item % 5 === 0 || s.item === 1 || s.item === 2).toBe(false);
    }
    for (let i = 0; i < data.train.nItems; i += 7) {
      const a = await inMode('reference', async () => model.similarItems(i, 5));
      const b = await inMode('wasm', async () => model.similarItems(i, 5));
      expectSameList(b, a, 1e-5);
    }
  });
});
