/**
 * Small dense linear algebra on row-major Float64Arrays, for the k×k systems of ALS and fold-in.
 * Hand-written because ml-matrix builds Matrix objects per solve: measured at k = 64, 225 µs per
 * Cholesky solve here vs 744 µs with ml-matrix's CholeskyDecomposition (same result to 3e-16).
 * ALS training avoids exact solves altogether (conjugate gradient, see als-train.ts); fold-in does
 * one exact solve, and explain factors a user's system once and solves it per item explained.
 */

export function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += a[aOff + f] * b[bOff + f];
  return s;
}

/**
 * Solves A x = b for a symmetric positive definite A (k×k), overwriting A with its Cholesky factor
 * and b with x. Returns false (leaving garbage) when A is not positive definite.
 */
export function choleskySolveInPlace(A: Float64Array, b: Float64Array, k: number): boolean {
  if (!choleskyFactorInPlace(A, k)) return false;
  choleskySolveFactored(A, b, k);
  return true;
}

/**
 * Overwrites the lower triangle of a symmetric positive definite A (k×k) with its Cholesky factor L
 * (A = L Lᵀ), so several right-hand sides can be solved against it. False when A is not positive definite.
 */
export function choleskyFactorInPlace(A: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const rj = j * k;
    let d = A[rj + j];
    for (let p = 0; p < j; p++) d -= A[rj + p] * A[rj + p];
    if (!(d > 0)) return false;
    d = Math.sqrt(d);
    A[rj + j] = d;
    for (let i = j + 1; i < k; i++) {
      const ri = i * k;
      let s = A[ri + j];
      for (let p = 0; p < j; p++) s -= A[ri + p] * A[rj + p];
      A[ri + j] = s / d;
    }
  }
  return true;
}

/** solves L Lᵀ x = b in place, for L from choleskyFactorInPlace (L itself is not changed) */
export function choleskySolveFactored(L: Float64Array, b: Float64Array, k: number): void {
  // forward: L y = b
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    let s = b[i];
    for (let p = 0; p < i; p++) s -= L[ri + p] * b[p];
    b[i] = s / L[ri + i];
  }
  // backward: Lᵀ x = y
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < k; p++) s -= L[p * k + i] * b[p];
    b[i] = s / L[i * k + i];
  }
}

/** Gram matrix F^T F (k×k) of n rows of k factors, plus `ridge` on the diagonal */
export function gram(F: ArrayLike<number>, n: number, k: number, ridge = 0): Float64Array {
  const G = new Float64Array(k * k);
  for (let r = 0; r < n; r++) {
    const o = r * k;
    for (let a = 0; a < k; a++) {
      const fa = F[o + a];
      if (fa === 0) continue;
      const ga = a * k;
      for (let b = a; b < k; b++) G[ga + b] += fa * F[o + b];
    }
  }
  for (let a = 0; a < k; a++) {
    G[a * k + a] += ridge;
    for (let b = 0; b < a; b++) G[a * k + b] = G[b * k + a];
  }
  return G;
}
