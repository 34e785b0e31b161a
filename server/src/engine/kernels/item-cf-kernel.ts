import type { FitOptions } from '../types';
import type { InteractionMatrix } from '../strategies/interaction-matrix';
import { entryStrength } from '../strategies/item-neighbours';
import { CHUNKS_PER_THREAD, cutByCost, runRowChunks } from './row-chunks';
import { instantiate, MemoryLayout } from './wasm-module';

/**
 * ITEM_CF's neighbour table computed by the kernel (server/kernels/assembly/item-cf.ts) on
 * `threads` threads: the same table as the reference loop in ItemCfStrategy.fit — bit for bit when
 * every positive strength is exact in float32 (plain ratings: all 1), else within float32 rounding.
 * The kernel's memory holds a positive-only copy of both sides (negative entries dropped, each
 * entry's strength precomputed as float32): 16 bytes per positive interaction while fitting, freed
 * with the memory afterwards.
 * `norm`: each item's column norm, as the reference computes it; `a`: the asymmetry.
 */
export async function itemNeighboursKernel(
  m: InteractionMatrix, norm: Float64Array, K: number, shrinkage: number, a: number, threads: number, options: FitOptions,
): Promise<{ nbrIdx: Int32Array; nbrSim: Float32Array }> {
  const nI = m.nItems;
  const nU = m.baseUsers;
  const rowNnz = countPositive(m.userWeights);
  const colNnz = rowNnz; // the same entries, seen from the other side
  const layout = new MemoryLayout();
  const take = (bytes: number) => layout.take(bytes);
  const at = {
    colPtr: take(4 * (nI + 1)), colUsers: take(4 * colNnz), colStr: take(4 * colNnz),
    rowPtr: take(4 * (nU + 1)), rowItems: take(4 * rowNnz), rowStr: take(4 * rowNnz),
    selfPow: take(8 * nI), otherPow: take(8 * nI), outIdx: take(4 * nI * K), outSim: take(4 * nI * K),
    scratch: Array.from({ length: threads }, () => ({ acc: take(16 * nI), touched: take(4 * nI), heapS: take(8 * K), heapI: take(4 * K) })),
  };
  const k = instantiate(layout.bytes);
  const b = k.memory.buffer;
  // written straight into the kernel's memory: no second copy of the matrix on the JS heap
  const col = positiveSide(nI, m.itemPtr, m.itemUsers, m.itemWeights,
    new Int32Array(b, at.colPtr, nI + 1), new Int32Array(b, at.colUsers, colNnz), new Float32Array(b, at.colStr, colNnz));
  const row = positiveSide(nU, m.userPtr, m.userItems, m.userWeights,
    new Int32Array(b, at.rowPtr, nU + 1), new Int32Array(b, at.rowItems, rowNnz), new Float32Array(b, at.rowStr, rowNnz));
  // the powers from Math.pow here, as the reference takes them, so the kernel divides by the same bits
  const selfPow = new Float64Array(b, at.selfPow, nI);
  const otherPow = new Float64Array(b, at.otherPow, nI);
  for (let i = 0; i < nI; i++) {
    selfPow[i] = Math.pow(norm[i], 1 - a);
    otherPow[i] = Math.pow(norm[i], a);
  }
  const outIdx = new Int32Array(b, at.outIdx, nI * K).fill(-1);
  // an item costs the entries of its users' rows
  const rowLen = (u: number) => row.ptr[u + 1] - row.ptr[u];
  const cost = (i: number) => {
    let c = 1;
    for (let q = col.ptr[i]; q < col.ptr[i + 1]; q++) c += rowLen(col.idx[q]);
    return c;
  };
  const cuts = cutByCost(nI, cost, threads * CHUNKS_PER_THREAD);
  await runRowChunks(k, 'itemCfRows', cuts, threads, (from, to, t) => {
    const s = at.scratch[t];
    return [at.colPtr, at.colUsers, at.colStr, at.rowPtr, at.rowItems, at.rowStr, at.selfPow, at.otherPow, shrinkage, K, from, to,
      s.acc, s.touched, s.heapS, s.heapI, at.outIdx, at.outSim];
  }, options, 'item neighbours');
  // copies: the model must not keep the kernel's whole memory alive
  return { nbrIdx: outIdx.slice(), nbrSim: new Float32Array(b, at.outSim, nI * K).slice() };
}

function countPositive(weights: Float32Array): number {
  let n = 0;
  for (let q = 0; q < weights.length; q++) if (!(weights[q] < 0)) n++;
  return n;
}

/** one side of the matrix with negative entries dropped and strengths precomputed, into the given arrays */
function positiveSide(n: number, ptr: Int32Array, idx: Int32Array, weights: Float32Array, outPtr: Int32Array, outIdx: Int32Array, outStr: Float32Array) {
  let o = 0;
  outPtr[0] = 0;
  for (let r = 0; r < n; r++) {
    for (let q = ptr[r]; q < ptr[r + 1]; q++) {
      if (weights[q] < 0) continue;
      outIdx[o] = idx[q];
      outStr[o++] = entryStrength(weights[q]);
    }
    outPtr[r + 1] = o;
  }
  return { ptr: outPtr, idx: outIdx };
}
