import type { Dataset } from '../../dataset/dataset';
import { alsSignal, trainAls } from './als-train';
import { choleskySolveInPlace, gram } from './dense';

/**
 * The ranking head of SVD: a small implicit-feedback factorization of "did the user rate this item
 * at all" (weighted ALS, Hu, Koren & Volinsky 2008, trained by mf/als-train.ts): every rated item is
 * a positive with confidence 1 + alpha, every unrated item a negative with confidence 1.
 * Implicit entries take part as in ALS: a positive one with confidence 1 + alpha·weight, a negative
 * one (a dislike) as preference 0 with confidence 1 + alpha·|weight|, a "low preference" that pulls the
 * user's head vector away from the disliked item and what resembles it. (The rating part of SVD never
 * sees implicit entries: they have no rating to fit.)
 * Rating factors alone rank obscure items first (a 5-star item with two ratings has a large bias and
 * nothing holds it back); the head knows which items people watch at all, and recommend() adds the
 * rating part to it. With few factors ALS is cheap: its cost is O(nnz·k + (users + items)·k²).
 */
export interface RankHead {
  /** factors per row; 0 = no head (recommend then ranks by predicted rating) */
  k: number;
  X: Float32Array; // nUsers * k
  Y: Float32Array; // nItems * k
}

export interface RankHeadParams {
  factors: number;
  iterations: number;
  regularization: number;
  alpha: number;
}

/** conjugate-gradient steps per row, as ALS_DEFAULTS */
const CG_STEPS = 3;

export const NO_HEAD: RankHead = { k: 0, X: new Float32Array(0), Y: new Float32Array(0) };

export async function trainRankHead(ds: Dataset, p: RankHeadParams, seed: number, signal?: AbortSignal): Promise<RankHead> {
  if (p.factors === 0) return NO_HEAD;
  const t = await trainAls(ds, { ...p, cgSteps: CG_STEPS }, seed, undefined, signal);
  return { k: p.factors, X: t.X, Y: t.Y };
}

/**
 * The head's vector for a user folded in after training: one exact ALS user step against the fixed
 * item factors, x = (YᵀY + λI + Σ α·|s| y yᵀ)⁻¹ Σ p (1 + α·|s|) y over the user's items, s the
 * entry's signal (alsSignal) and p 0 for a negative entry, 1 otherwise. Items without head factors
 * (new since training) are skipped. `itemGram` is YᵀY + λI (see headGram), shared by every fold-in.
 */
export function foldInRankVector(
  head: RankHead,
  itemGram: Float64Array,
  items: ArrayLike<number>,
  ratings: ArrayLike<number>,
  weights: ArrayLike<number>,
  alpha: number,
): Float32Array {
  const { k, Y } = head;
  if (k === 0 || items.length === 0) return new Float32Array(k);
  const trained = Y.length / k;
  const A = itemGram.slice();
  const b = new Float64Array(k);
  for (let q = 0; q < items.length; q++) {
    if (items[q] >= trained) continue;
    const o = items[q] * k;
    const s = alsSignal(ratings[q], weights[q]);
    const cm1 = alpha * Math.abs(s);
    const pc = s < 0 ? 0 : 1 + cm1;
    for (let a = 0; a < k; a++) {
      const ya = Y[o + a];
      b[a] += pc * ya;
      for (let c = 0; c < k; c++) A[a * k + c] += cm1 * ya * Y[o + c];
    }
  }
  if (!choleskySolveInPlace(A, b, k)) throw new Error('foldIn: singular ranking-head system');
  return Float32Array.from(b);
}

/** YᵀY + λI of the head's item factors */
export function headGram(head: RankHead, nItems: number, regularization: number): Float64Array {
  return gram(head.Y, nItems, head.k, regularization);
}
