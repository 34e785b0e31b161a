import type { Dataset } from '../../dataset/dataset';
import type { FitProgress } from '../../types';
import { createRng, gaussian } from '../../util/random';
import { gram } from './dense';
import { checkpoint } from './fit-control';
import { engineThreads, useKernels } from '../../kernels/kernel-mode';
import { AlsKernel } from '../../kernels/als-kernel';

export interface AlsParams {
  factors: number;
  iterations: number;
  regularization: number;
  alpha: number;
  /** conjugate-gradient steps per row and half-iteration (warm-started from the previous factors) */
  cgSteps: number;
}

export interface AlsResult {
  X: Float32Array; // user factors
  Y: Float32Array; // item factors
  userTrained: Uint8Array;
}

/**
 * The signed signal iALS learns from an entry: its weight, except that a rated entry is never negative
 * (a rating is a positive interaction whatever events came with it). Below zero only for a negative
 * entry (see dataset.ts).
 */
export function alsSignal(rating: number, weight: number): number {
  return rating === rating && weight < 0 ? 0 : weight;
}

/** alsSignal over parallel arrays; the weights array itself when no rated entry has a negative weight */
function signalOf(ratings: Float32Array, weights: Float32Array): Float32Array {
  let out: Float32Array | null = null;
  for (let q = 0; q < weights.length; q++) {
    if (weights[q] < 0 && ratings[q] === ratings[q]) (out ??= weights.slice())[q] = 0;
  }
  return out ?? weights;
}

/**
 * Weighted ALS for implicit feedback (Hu, Koren & Volinsky 2008): every entry with signal s ≥ 0 is a
 * positive (preference 1) with confidence c = 1 + alpha·s, every other (user, item) a negative with
 * confidence 1. A negative entry (s < 0, a dislike) is the standard way negative feedback enters iALS:
 * preference 0, like an unobserved pair, but with confidence 1 + alpha·|s|, so the model is pushed
 * harder away from it than from what the user merely did not see. Each
 * half-iteration solves all rows against the fixed other side, using the "YtY trick" (the all-zeros
 * part of the Gram matrix is shared, each row adds only its own entries). The solves are a few
 * conjugate-gradient steps warm-started from the current row (Takács et al. 2011, as in `implicit`):
 * O(k² + n_u·k) per step instead of O(k³ + n_u·k²) for an exact Cholesky solve per row.
 */
export async function trainAls(ds: Dataset, p: AlsParams, seed: number, onProgress?: (e: FitProgress) => void, signal?: AbortSignal): Promise<AlsResult> {
  const rng = createRng(seed);
  const k = p.factors;
  const { nUsers, nItems } = ds;
  const userSignal = signalOf(ds.userRatings, ds.userWeights);
  const itemSignal = signalOf(ds.itemRatings, ds.itemWeights);
  // the SIMD kernels hold X, Y and both sides in their memory; the reference, plain arrays
  const kernel = useKernels()
    ? new AlsKernel(
        { n: nUsers, ptr: ds.userPtr, idx: ds.userItems, signal: userSignal },
        { n: nItems, ptr: ds.itemPtr, idx: ds.itemUsers, signal: itemSignal },
        k,
        engineThreads(),
      )
    : null;
  try {
    return await sweeps(ds, p, rng, userSignal, itemSignal, kernel, onProgress, signal);
  } finally {
    await kernel?.close();
  }
}

/** the iterations, with the kernels when given one, else the reference loops */
async function sweeps(
  ds: Dataset,
  p: AlsParams,
  rng: () => number,
  userSignal: Float32Array,
  itemSignal: Float32Array,
  kernel: AlsKernel | null,
  onProgress?: (e: FitProgress) => void,
  signal?: AbortSignal,
): Promise<AlsResult> {
  const k = p.factors;
  const { nUsers, nItems } = ds;
  const X = kernel?.X ?? new Float64Array(nUsers * k);
  const Y = kernel?.Y ?? new Float64Array(nItems * k);
  for (let x = 0; x < X.length; x++) X[x] = gaussian(rng) * 0.01;
  for (let x = 0; x < Y.length; x++) Y[x] = gaussian(rng) * 0.01;
  const scratch = new CgScratch(k);
  for (let it = 0; it < p.iterations; it++) {
    await checkpoint(signal);
    if (kernel) await kernel.solve('users', p.regularization, p.alpha, p.cgSteps);
    else solveSide(X, nUsers, Y, nItems, ds.userPtr, ds.userItems, userSignal, p, scratch);
    await checkpoint(signal);
    if (kernel) await kernel.solve('items', p.regularization, p.alpha, p.cgSteps);
    else solveSide(Y, nItems, X, nUsers, ds.itemPtr, ds.itemUsers, itemSignal, p, scratch);
    const weighted = kernel ? kernel.loss(p.alpha) + p.regularization * (squares(X) + squares(Y)) : alsLoss(X, Y, ds, userSignal, p);
    onProgress?.({ progress: (it + 1) / p.iterations, stage: 'epoch', epoch: it + 1, loss: weighted / Math.max(1, ds.nnz) });
  }
  // a user with nothing but dislikes has nothing to rank from (their factors are ~0): not trained
  const userTrained = new Uint8Array(nUsers);
  for (let u = 0; u < nUsers; u++) {
    for (let q = ds.userPtr[u]; q < ds.userPtr[u + 1] && !userTrained[u]; q++) if (userSignal[q] >= 0) userTrained[u] = 1;
  }
  return { X: Float32Array.from(X), Y: Float32Array.from(Y), userTrained };
}

class CgScratch {
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly Ap: Float64Array;
  constructor(k: number) {
    this.r = new Float64Array(k);
    this.p = new Float64Array(k);
    this.Ap = new Float64Array(k);
  }
}

/** updates every row of `T` (n rows) against the fixed factors `F` of the other side */
function solveSide(T: Float64Array, n: number, F: Float64Array, nF: number, ptr: Int32Array, idx: Int32Array, w: Float32Array, p: AlsParams, s: CgScratch): void {
  const k = p.factors;
  const alpha = p.alpha;
  const cgSteps = p.cgSteps;
  const G = gram(F, nF, k, p.regularization);
  const { r, p: d, Ap } = s;
  for (let row = 0; row < n; row++) {
    const a = ptr[row];
    const b = ptr[row + 1];
    const o = row * k;
    if (a === b) {
      T.fill(0, o, o + k); // no evidence: the regularized optimum is the zero vector
      continue;
    }
    // r = b − A x, with A = G + Σ (c−1) f fᵀ and b = Σ c·p f (p = 0 for a negative entry)
    symMul(G, T, o, r, k, -1);
    for (let q = a; q < b; q++) {
      const fo = idx[q] * k;
      const s = w[q];
      const c = 1 + alpha * (s < 0 ? -s : s);
      const coef = (s < 0 ? 0 : c) - (c - 1) * dotAt(F, fo, T, o, k);
      axpyAt(coef, F, fo, r, 0, k);
    }
    d.set(r);
    let rs = dotAt(r, 0, r, 0, k);
    for (let step = 0; step < cgSteps && rs > 1e-20; step++) {
      symMul(G, d, 0, Ap, k, 1);
      for (let q = a; q < b; q++) {
        const fo = idx[q] * k;
        const s = w[q];
        axpyAt(alpha * (s < 0 ? -s : s) * dotAt(F, fo, d, 0, k), F, fo, Ap, 0, k);
      }
      const dAd = dotAt(d, 0, Ap, 0, k);
      if (!(dAd > 0)) break;
      const step_ = rs / dAd;
      let rsNew = 0;
      for (let f = 0; f < k; f++) {
        T[o + f] += step_ * d[f];
        r[f] -= step_ * Ap[f];
        rsNew += r[f] * r[f];
      }
      const beta = rsNew / rs;
      for (let f = 0; f < k; f++) d[f] = r[f] + beta * d[f];
      rs = rsNew;
    }
  }
}

/**
 * x[xo..xo+k) · y[yo..yo+k) with four independent partial sums: a single running sum makes every add
 * wait for the previous one (FP-add latency bound); four chains let the CPU overlap them. The sum
 * order differs from a plain loop only by rounding, and is fixed, so results stay deterministic.
 */
function dotAt(x: Float64Array, xo: number, y: Float64Array, yo: number, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (; f + 3 < k; f += 4) {
    s0 += x[xo + f] * y[yo + f];
    s1 += x[xo + f + 1] * y[yo + f + 1];
    s2 += x[xo + f + 2] * y[yo + f + 2];
    s3 += x[xo + f + 3] * y[yo + f + 3];
  }
  for (; f < k; f++) s0 += x[xo + f] * y[yo + f];
  return s0 + s1 + (s2 + s3);
}

/** y[yo..yo+k) += a · x[xo..xo+k) */
function axpyAt(a: number, x: Float64Array, xo: number, y: Float64Array, yo: number, k: number): void {
  let f = 0;
  for (; f + 3 < k; f += 4) {
    y[yo + f] += a * x[xo + f];
    y[yo + f + 1] += a * x[xo + f + 1];
    y[yo + f + 2] += a * x[xo + f + 2];
    y[yo + f + 3] += a * x[xo + f + 3];
  }
  for (; f < k; f++) y[yo + f] += a * x[xo + f];
}

/** out = sign · G v[o..o+k) */
function symMul(G: Float64Array, v: Float64Array, o: number, out: Float64Array, k: number, sign: number): void {
  for (let a = 0; a < k; a++) out[a] = sign * dotAt(G, a * k, v, o, k);
}

function squares(a: Float64Array): number {
  let s = 0;
  for (let x = 0; x < a.length; x++) s += a[x] * a[x];
  return s;
}

/**
 * The weighted objective Σ_all c (p − x·y)² + λ(|X|² + |Y|²), computed without visiting every pair:
 * Σ_all (x·y)² = Σ_u xᵤᵀ (YᵀY) xᵤ, then the entries correct their own terms.
 */
function alsLoss(X: Float64Array, Y: Float64Array, ds: Dataset, signal: Float32Array, p: AlsParams): number {
  const k = p.factors;
  const G = gram(Y, ds.nItems, k);
  const tmp = new Float64Array(k);
  let loss = 0;
  let norms = 0;
  for (let u = 0; u < ds.nUsers; u++) {
    const o = u * k;
    symMul(G, X, o, tmp, k, 1);
    for (let f = 0; f < k; f++) {
      loss += X[o + f] * tmp[f];
      norms += X[o + f] * X[o + f];
    }
    for (let q = ds.userPtr[u]; q < ds.userPtr[u + 1]; q++) {
      const io = ds.userItems[q] * k;
      const s = dotAt(X, o, Y, io, k);
      const w = signal[q];
      const c = 1 + p.alpha * Math.abs(w);
      const pref = w < 0 ? 0 : 1;
      loss += c * (pref - s) * (pref - s) - s * s;
    }
  }
  for (let x = 0; x < Y.length; x++) norms += Y[x] * Y[x];
  return loss + p.regularization * norms;
}
