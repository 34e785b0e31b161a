import { DatasetBuilder, type Dataset } from '../dataset/dataset';
import { AlsStrategy } from '../strategies/als';
import { ItemCfStrategy, type ItemCfModel, type ItemCfParams } from '../strategies/item-cf';
import { UserCfStrategy, type UserCfModel, type UserCfParams } from '../strategies/user-cf';
import { SvdStrategy, type SvdModel } from '../strategies/svd';
import { clusteredImplicit, lowRankRatings } from '../strategies/mf/synthetic';
import type { Model, ScoredItem } from '../types';
import { createRng } from '../util/random';
import { engineThreads, kernelMode, setEngineThreads, setKernelMode, type KernelMode } from './kernel-mode';
import { threadsThatFit } from './neighbour-table';
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

  it('ITEM_CF: the kernel\u2019s neighbour table is the reference\u2019s bit for bit (ratings, dislikes, users without rows), on 1 and 3 threads', async () => {
    const data = neighbourData(21, false);
    for (const params of [{}, { neighbours: 7, shrinkage: 10, asymmetry: 0.8 }] as Partial<ItemCfParams>[]) {
      const ref = await fitWith('reference', 1, () => new ItemCfStrategy(params).fit(data));
      const table = (ref as ItemCfModel).similarItems(0, 1000);
      expect(table.length).toBeGreaterThan(0);
      for (const threads of [1, 3]) {
        const simd = await fitWith('wasm', threads, () => new ItemCfStrategy(params).fit(data));
        expect(Buffer.from(simd.serialize()).equals(Buffer.from(ref.serialize()))).toBe(true);
      }
    }
  });

  it('ITEM_CF on implicit weights (strengths not exact in float32): the same lists, similarities within float32 rounding', async () => {
    const data = neighbourData(22, true);
    const ref = await fitWith('reference', 1, () => new ItemCfStrategy({ neighbours: 20 }).fit(data));
    const simd = await fitWith('wasm', 2, () => new ItemCfStrategy({ neighbours: 20 }).fit(data));
    for (let i = 0; i < data.nItems; i++) expectSameList(simd.similarItems!(i, 20), ref.similarItems!(i, 20), 1e-6);
    for (let u = 0; u < data.nUsers; u += 5) expectSameList(simd.recommend({ user: u, k: 10 }), ref.recommend({ user: u, k: 10 }), 1e-6);
  });

  it('USER_CF: the kernel\u2019s neighbour table is the reference\u2019s bit for bit (pearson and cosine, thinned columns, dislikes, users without rows), on 1 and 3 threads', async () => {
    const cases: [Dataset, Partial<UserCfParams>][] = [
      [neighbourData(23, false), {}],
      [neighbourData(23, false), { similarity: 'cosine', centring: 'user-mean', maxRaters: 12, minSupport: 1, shrinkage: 0, pool: 15, k: 10 }],
      [neighbourData(24, true), { maxRaters: 20, minSimilarity: -0.5 }],
    ];
    for (const [data, params] of cases) {
      const ref = await fitWith('reference', 1, () => new UserCfStrategy(params).fit(data));
      expect((ref as UserCfModel).neighboursOf(1).length).toBeGreaterThan(0);
      for (const threads of [1, 3]) {
        const simd = await fitWith('wasm', threads, () => new UserCfStrategy(params).fit(data));
        expect(Buffer.from(simd.serialize()).equals(Buffer.from(ref.serialize()))).toBe(true);
      }
    }
  });

  it('USER_CF: erasing users from a kernel-fitted model leaves what it leaves of the reference-fitted one', async () => {
    const data = neighbourData(25, false);
    const ref = (await fitWith('reference', 1, () => new UserCfStrategy({ pool: 30, k: 10 }).fit(data))) as UserCfModel;
    const simd = (await fitWith('wasm', 2, () => new UserCfStrategy({ pool: 30, k: 10 }).fit(data))) as UserCfModel;
    // erase a user who is somebody's neighbour
    const gone = ref.neighboursOf(0)[0].user;
    const [a, b] = [ref.forget(gone).forget(3), simd.forget(gone).forget(3)];
    expect(Buffer.from(b.serialize()).equals(Buffer.from(a.serialize()))).toBe(true);
    for (let u = 0; u < data.nUsers; u += 7) expect(b.recommend({ user: u, k: 10 })).toEqual(a.recommend({ user: u, k: 10 }));
  });

  it('neighbour kernels: as many threads as have room for their heaps in 4 GiB, none (the reference) when one does not fit', () => {
    expect(threadsThatFit(1e6, 1e6, 3)).toBe(3);
    expect(threadsThatFit(1e9, 1.2e9, 8)).toBe(2);
    expect(threadsThatFit(4.3e9, 1, 2)).toBe(0);
  });
});

/** fits in the given mode on the given number of threads, restoring both after */
async function fitWith(mode: KernelMode, threads: number, fit: () => Promise<Model>): Promise<Model> {
  const before = engineThreads();
  setEngineThreads(threads);
  try {
    return await inMode(mode, fit);
  } finally {
    setEngineThreads(before);
  }
}

/**
 * ~160 users with 10–60 items each over 120 items of long-tailed popularity: ratings (or, `implicit`,
 * event weights like 0.5 and 2.3, whose strengths are not exact in float32), some dislikes (negative
 * events without a rating), and a few users known to the vocabulary with no row at all (as erased
 * users are when a model is retrained without them).
 */
function neighbourData(seed: number, implicit: boolean): Dataset {
  const rnd = createRng(seed);
  const b = new DatasetBuilder();
  for (let i = 0; i < 120; i++) b.items.add(`i${i}`);
  for (let u = 0; u < 160; u++) {
    if (u % 37 === 5) b.users.add(`ghost${u}`);
    const n = 10 + Math.floor(rnd() * 50);
    const taste = rnd() < 0.5 ? 0 : 60;
    for (let e = 0; e < n; e++) {
      // items near the user's taste more often, popular (low index within it) most often
      const item = (taste + Math.floor(rnd() ** 2 * 120) + (rnd() < 0.7 ? 0 : 60)) % 120;
      if (rnd() < 0.06) b.addEvent(`u${u}`, `i${item}`, -1 - Math.floor(rnd() * 3));
      else if (implicit) b.addEvent(`u${u}`, `i${item}`, [0.5, 1, 2.3, 4][Math.floor(rnd() * 4)]);
      else b.addRating(`u${u}`, `i${item}`, 0.5 + Math.floor(rnd() * 10) / 2);
    }
  }
  return b.build();
}
