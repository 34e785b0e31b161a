/**
 * A 2-D map of a factor model's space: the top two principal components of its item factors
 * (Pearson 1901; computed with ml-matrix, the design's linear-algebra package). k is small (tens),
 * so the k×k covariance and its eigen-decomposition cost microseconds; the projection of every item
 * is one pass over the factors. Pure: typed arrays in, typed arrays out.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface PrincipalMap {
  /** factor dimension */
  k: number;
  /** the item factors' mean (items are centred on it before projecting) */
  mean: Float64Array;
  /** two unit axes, k numbers each: the directions of largest and second-largest variance */
  axes: [Float64Array, Float64Array];
  /** each axis' share of the total variance (0..1; 0 for all when the items do not vary) */
  explainedVariance: [number, number];
  /** item i lies at (coords[2i], coords[2i + 1]) */
  coords: Float64Array;
}

/**
 * The top-2 principal components of `vectors` (nItems × k, row-major) and every item's position
 * on them. Rows whose factors are all zero (items the model never learned) still get a position:
 * the projection of the zero vector. The sign of each axis is fixed (its largest-|loading| entry
 * is positive, ties to the lower index), so the same factors always give the same picture.
 */
export function principalMap(vectors: ArrayLike<number>, nItems: number, k: number): PrincipalMap {
  if (!(k >= 1) || vectors.length !== nItems * k) throw new Error(`principalMap: expected ${nItems}×${k} factors, got ${vectors.length} numbers`);
  const mean = new Float64Array(k);
  for (let i = 0; i < nItems; i++) for (let f = 0; f < k; f++) mean[f] += vectors[i * k + f];
  if (nItems > 0) for (let f = 0; f < k; f++) mean[f] /= nItems;
  // covariance (Q − μ)ᵀ(Q − μ) / n, accumulated in doubles
  const cov = new Float64Array(k * k);
  const row = new Float64Array(k);
  for (let i = 0; i < nItems; i++) {
    for (let f = 0; f < k; f++) row[f] = vectors[i * k + f] - mean[f];
    for (let a = 0; a < k; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < k; b++) cov[a * k + b] += ra * row[b];
    }
  }
  const n = Math.max(1, nItems);
  const C = new Matrix(k, k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const v = cov[a * k + b] / n;
      C.set(a, b, v);
      C.set(b, a, v);
    }
  const eig = new EigenvalueDecomposition(C, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vecs = eig.eigenvectorMatrix;
  // ml-matrix orders a symmetric decomposition ascending; sort explicitly rather than rely on it
  const order = values.map((_, j) => j).sort((x, y) => values[y] - values[x] || x - y);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  const axis = (rank: number): Float64Array => {
    const out = new Float64Array(k);
    if (rank >= k) return out; // k = 1: no second axis
    const j = order[rank];
    for (let f = 0; f < k; f++) out[f] = vecs.get(f, j);
    return fixSign(out);
  };
  const axes: [Float64Array, Float64Array] = [axis(0), axis(1)];
  const share = (rank: number) => (rank < k && total > 0 ? Math.max(0, values[order[rank]]) / total : 0);
  const coords = new Float64Array(nItems * 2);
  for (let i = 0; i < nItems; i++) {
    let x = 0;
    let y = 0;
    for (let f = 0; f < k; f++) {
      const c = vectors[i * k + f] - mean[f];
      x += c * axes[0][f];
      y += c * axes[1][f];
    }
    coords[2 * i] = x;
    coords[2 * i + 1] = y;
  }
  return { k, mean, axes, explainedVariance: [share(0), share(1)], coords };
}

/**
 * A user's position on the map's axes: the dot products of the user's factors with each axis.
 * Not centred on the item mean: a user vector is a direction of taste (scores are p·q), and its
 * projection points to the side of the map whose items the user's scores favour.
 */
export function projectOnMap(map: PrincipalMap, vector: ArrayLike<number>): { x: number; y: number } {
  if (vector.length !== map.k) throw new Error(`projectOnMap: expected ${map.k} factors, got ${vector.length}`);
  let x = 0;
  let y = 0;
  for (let f = 0; f < map.k; f++) {
    x += vector[f] * map.axes[0][f];
    y += vector[f] * map.axes[1][f];
  }
  return { x, y };
}

/** an eigenvector's sign is arbitrary: make its largest-magnitude loading positive */
function fixSign(v: Float64Array): Float64Array {
  let best = 0;
  for (let f = 1; f < v.length; f++) if (Math.abs(v[f]) > Math.abs(v[best]) + 1e-12) best = f;
  if (v[best] < 0) for (let f = 0; f < v.length; f++) v[f] = -v[f] || 0;
  return v;
}
