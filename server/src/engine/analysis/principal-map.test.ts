import { principalMap, projectOnMap } from './principal-map';
import { SvdStrategy } from '../strategies/svd';
import { lowRankRatings } from '../strategies/mf/synthetic';
import { hasFactorSpace } from '../types';
import { createRng, gaussian } from '../util/random';

/** n points of dimension k: large spread along `major`, smaller along `minor`, little noise elsewhere */
function cloud(n: number, k: number, major: number[], minor: number[], seed = 1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = 5 * gaussian(rng);
    const b = 2 * gaussian(rng);
    for (let f = 0; f < k; f++) out[i * k + f] = 3 + a * major[f] + b * minor[f] + 0.05 * gaussian(rng);
  }
  return out;
}

const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));

describe('principalMap', () => {
  const k = 4;
  const major = unit([1, 1, 0, 0]);
  const minor = unit([0, 0, 1, -1]);
  const Q = cloud(400, k, major, minor);

  it('finds the dominant direction as the first axis and the next one as the second', () => {
    const map = principalMap(Q, 400, k);
    const dot = (a: ArrayLike<number>, b: number[]) => b.reduce((s, x, f) => s + x * a[f], 0);
    expect(Math.abs(dot(map.axes[0], major))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(map.axes[1], minor))).toBeGreaterThan(0.99);
    // variances 25 and 4 of about 29 in all
    expect(map.explainedVariance[0]).toBeGreaterThan(0.8);
    expect(map.explainedVariance[1]).toBeGreaterThan(0.1);
    expect(map.explainedVariance[0] + map.explainedVariance[1]).toBeLessThanOrEqual(1 + 1e-9);
    // sign convention: the largest-|loading| entry is positive
    for (const axis of map.axes) {
      const big = Array.from(axis).reduce((b, x, f) => (Math.abs(x) > Math.abs(axis[b]) + 1e-12 ? f : b), 0);
      expect(axis[big]).toBeGreaterThan(0);
    }
  });

  it('places items at their centred coordinates along the axes', () => {
    const map = principalMap(Q, 400, k);
    for (const i of [0, 17, 399]) {
      let x = 0;
      let y = 0;
      for (let f = 0; f < k; f++) {
        x += (Q[i * k + f] - map.mean[f]) * map.axes[0][f];
        y += (Q[i * k + f] - map.mean[f]) * map.axes[1][f];
      }
      expect(map.coords[2 * i]).toBeCloseTo(x, 9);
      expect(map.coords[2 * i + 1]).toBeCloseTo(y, 9);
    }
  });

  it('projects a user to the dot products of their factors with the axes', () => {
    const map = principalMap(Q, 400, k);
    const p = [0.3, -1.2, 2, 0.5];
    const at = projectOnMap(map, p);
    expect(at.x).toBeCloseTo(
      p.reduce((s, x, f) => s + x * map.axes[0][f], 0),
      12,
    );
    expect(at.y).toBeCloseTo(
      p.reduce((s, x, f) => s + x * map.axes[1][f], 0),
      12,
    );
    expect(() => projectOnMap(map, [1, 2])).toThrow(/expected 4 factors/);
  });

  it('gives the same map every time, and the same picture for flipped factors', () => {
    const a = principalMap(Q, 400, k);
    const b = principalMap(Q, 400, k);
    expect(Array.from(b.coords)).toEqual(Array.from(a.coords));
    // negating every factor leaves the covariance (so the fixed-sign axes) unchanged: the picture
    // mirrors through the origin
    const flipped = principalMap(
      Q.map((x) => -x),
      400,
      k,
    );
    for (let f = 0; f < k; f++) expect(flipped.axes[0][f]).toBeCloseTo(a.axes[0][f], 9);
    expect(flipped.coords[0]).toBeCloseTo(-a.coords[0], 6);
  });

  it('survives degenerate input: no variance, one factor', () => {
    const flat = principalMap(new Float32Array(3 * 2).fill(1), 3, 2);
    expect(Array.from(flat.coords)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(flat.explainedVariance).toEqual([0, 0]);
    const line = principalMap(Float32Array.from([1, 2, 3]), 3, 1);
    expect(Array.from(line.coords)).toEqual([-1, 0, 0, 0, 1, 0]);
    expect(line.explainedVariance).toEqual([1, 0]);
    expect(() => principalMap(new Float32Array(5), 2, 2)).toThrow(/2×2/);
  });
});

describe('factor models expose their space read-only', () => {
  it("SVD's factorSpace gives its item vectors, a user's (copied) vector and per-item interactions", async () => {
    const data = lowRankRatings({ seed: 3 });
    const model = await new SvdStrategy({ factors: 4, epochs: 5 }).fit(data.train, { seed: 1 });
    expect(hasFactorSpace(model)).toBe(true);
    if (!hasFactorSpace(model)) return;
    const space = model.factorSpace;
    expect(space.itemVectors().length).toBe(model.nItems * 4);
    const v = space.userVector(0)!;
    expect(v.length).toBe(4);
    v[0] = 1e9; // a copy: the model is unchanged
    expect(space.userVector(0)![0]).not.toBe(1e9);
    expect(space.userVector(model.nUsers)).toBeNull();
    const counts = space.itemInteractions();
    expect(counts.reduce((s, c) => s + c, 0)).toBe(data.train.nnz);
    // the map of a trained model: finite everywhere
    const map = principalMap(space.itemVectors(), model.nItems, space.k);
    expect(Array.from(map.coords).every(Number.isFinite)).toBe(true);
  });
});
