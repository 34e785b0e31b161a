import type { FitOptions } from '../types';
import type { InteractionMatrix } from '../strategies/interaction-matrix';
import { entryStrength } from '../strategies/item-neighbours';
import { closeTables, openTables, tableArgs, takeTables, threadsThatFit } from './neighbour-table';
import { CHUNKS_PER_THREAD, cutByCost, neighbourPool, runRowChunks } from './row-chunks';
import { instantiate, MemoryLayout } from './wasm-module';

/**
 * ITEM_CF's neighbour table computed by the kernel (server/kernels/assembly/item-cf.ts) on
 * `wanted` threads (fewer if their heaps would not fit): the same table as the reference
 * (itemNeighboursReference in item-cf.ts) — bit for bit when every positive strength is exact in
 * float32 (plain ratings: all 1), else within float32 rounding — for any thread count.
 * The kernel's memory holds the users' rows with negative entries dropped and strengths precomputed
 * (8 bytes per positive interaction), their transpose (8 more: each item's users and where the entry
 * sits in the user's row), and the heaps (12 bytes per item and neighbour for each thread, 8 for the
 * sorted output); freed after the fit.
 * `norm`: each item's column norm, as the reference computes it; `a`: the asymmetry. Null when the
 * kernel's memory cannot hold it (wasm32: 4 GiB): the caller runs the reference.
 */
export async function itemNeighboursKernel(
  m: InteractionMatrix,
  norm: Float64Array,
  K: number,
  shrinkage: number,
  a: number,
  wanted: number,
  options: FitOptions,
): Promise<{ nbrIdx: Int32Array; nbrSim: Float32Array } | null> {
  const nI = m.nItems;
  const nU = m.baseUsers;
  let nnz = 0;
  for (let q = 0; q < m.userWeights.length; q++) if (!(m.userWeights[q] < 0)) nnz++;
  const threads = threadsThatFit(4 * (nU + nI) + 16 * nnz + 16 * nI + 8 * nI * K, 32 * nI + 12 * nI * K, wanted);
  if (threads === 0) return null;
  const layout = new MemoryLayout();
  const take = (bytes: number) => layout.take(bytes);
  const at = {
    rowPtr: take(4 * (nU + 1)),
    rowItems: take(4 * nnz),
    rowStr: take(4 * nnz),
    colPtr: take(4 * (nI + 1)),
    colUsers: take(4 * nnz),
    colRow: take(4 * nnz),
    selfPow: take(8 * nI),
    otherPow: take(8 * nI),
    scratch: Array.from({ length: threads }, () => ({ acc: take(16 * nI), touched: take(4 * nI) })),
    table: takeTables(layout, nI, K, threads),
  };
  const k = instantiate(layout.bytes);
  const b = k.memory.buffer;
  // written straight into the kernel's memory: no second copy of the matrix on the JS heap
  const rowPtr = new Int32Array(b, at.rowPtr, nU + 1);
  const rowItems = new Int32Array(b, at.rowItems, nnz);
  const rowStr = new Float32Array(b, at.rowStr, nnz);
  let o = 0;
  for (let u = 0; u < nU; u++) {
    for (let p = m.userPtr[u]; p < m.userPtr[u + 1]; p++) {
      if (m.userWeights[p] < 0) continue;
      rowItems[o] = m.userItems[p];
      rowStr[o++] = entryStrength(m.userWeights[p]);
    }
    rowPtr[u + 1] = o;
  }
  // the transpose, users ascending in each column (the order the reference sums them in)
  const colPtr = new Int32Array(b, at.colPtr, nI + 1);
  for (let p = 0; p < nnz; p++) colPtr[rowItems[p] + 1]++;
  for (let i = 0; i < nI; i++) colPtr[i + 1] += colPtr[i];
  const colUsers = new Int32Array(b, at.colUsers, nnz);
  const colRow = new Int32Array(b, at.colRow, nnz);
  const fill = colPtr.slice(0, nI);
  // an item costs the tails after it of its users' rows (the pairs it computes)
  const cost = new Float64Array(nI).fill(1);
  for (let u = 0; u < nU; u++) {
    for (let p = rowPtr[u]; p < rowPtr[u + 1]; p++) {
      const q = fill[rowItems[p]]++;
      colUsers[q] = u;
      colRow[q] = p;
      cost[rowItems[p]] += rowPtr[u + 1] - p - 1;
    }
  }
  // the powers from Math.pow here, as the reference takes them, so the kernel divides by the same bits
  const selfPow = new Float64Array(b, at.selfPow, nI);
  const otherPow = new Float64Array(b, at.otherPow, nI);
  for (let i = 0; i < nI; i++) {
    selfPow[i] = Math.pow(norm[i], 1 - a);
    otherPow[i] = Math.pow(norm[i], a);
  }
  openTables(b, at.table);
  const pool = neighbourPool(k, threads);
  try {
    const cuts = cutByCost(nI, (i) => cost[i], threads * CHUNKS_PER_THREAD);
    await runRowChunks(
      k.exports,
      pool,
      'itemCfPairs',
      cuts,
      (from, to, t) => {
        const s = at.scratch[t];
        return [at.colPtr, at.colUsers, at.colRow, at.rowPtr, at.rowItems, at.rowStr, at.selfPow, at.otherPow, shrinkage, from, to, s.acc, s.touched, ...tableArgs(at.table, t), K];
      },
      options,
      'item neighbours',
    );
    const { idx, sim } = await closeTables(k.exports, b, pool, at.table, -1);
    return { nbrIdx: idx, nbrSim: sim };
  } finally {
    await pool?.close();
  }
}
