import type { FitOptions } from '../types';
import type { NeighbourTable } from '../strategies/user-cf-erasure';
import type { CentredMatrix, NeighbourParams } from '../strategies/user-cf-neighbours';
import { closeTables, openTables, tableArgs, takeTables, threadsThatFit } from './neighbour-table';
import { CHUNKS_PER_THREAD, cutByCost, neighbourPool, runRowChunks } from './row-chunks';
import { instantiate, MemoryLayout } from './wasm-module';

/**
 * USER_CF's neighbour table computed by the kernel (server/kernels/assembly/user-cf.ts) on `wanted`
 * threads (fewer if their heaps would not fit): the table AllNeighbours (user-cf-all-pairs.ts)
 * computes, bit for bit — the same similarities in float64, the same heap order, so the same
 * lists — for any thread count.
 * The kernel's memory holds the thinned columns (9 bytes per kept entry), their transpose (each
 * user's row of (item, position in that item's column): 8 bytes more) and the heaps (12 bytes per
 * user and pooled neighbour for each thread, 8 for the sorted output); freed after the fit.
 * `nUsers`: the trained users (the table's rows). Null when the kernel's memory cannot hold it
 * (wasm32: 4 GiB): the caller runs the reference.
 */
export async function userNeighboursKernel(
  c: CentredMatrix,
  p: NeighbourParams,
  nUsers: number,
  nItems: number,
  wanted: number,
  options: FitOptions,
): Promise<NeighbourTable | null> {
  const { simPtr, simUsers, simValues, simNegative } = c;
  const nnz = simPtr[nItems];
  const threads = threadsThatFit(4 * (nItems + nUsers) + 17 * nnz + 8 * nUsers + 8 * nUsers * p.pool, 48 * nUsers + 12 * nUsers * p.pool, wanted);
  if (threads === 0) return null;
  const layout = new MemoryLayout();
  const take = (bytes: number) => layout.take(bytes);
  const at = {
    simPtr: take(4 * (nItems + 1)),
    simUsers: take(4 * nnz),
    simValues: take(4 * nnz),
    simNeg: simNegative ? take(nnz) : 0,
    rowPtr: take(4 * (nUsers + 1)),
    rowItem: take(4 * nnz),
    rowPos: take(4 * nnz),
    normSq: take(8 * nUsers),
    scratch: Array.from({ length: threads }, () => ({ acc: take(32 * nUsers), touched: take(4 * nUsers) })),
    table: takeTables(layout, nUsers, p.pool, threads),
  };
  const k = instantiate(layout.bytes);
  const b = k.memory.buffer;
  new Int32Array(b, at.simPtr, nItems + 1).set(simPtr.subarray(0, nItems + 1));
  new Int32Array(b, at.simUsers, nnz).set(simUsers.subarray(0, nnz));
  new Float32Array(b, at.simValues, nnz).set(simValues.subarray(0, nnz));
  if (simNegative) new Uint8Array(b, at.simNeg, nnz).set(simNegative.subarray(0, nnz));
  new Float64Array(b, at.normSq, nUsers).set(c.normSq.subarray(0, nUsers));
  // the columns transposed: users' rows, items ascending (the order the reference sums a pair in)
  const rowPtr = new Int32Array(b, at.rowPtr, nUsers + 1);
  for (let q = 0; q < nnz; q++) rowPtr[simUsers[q] + 1]++;
  for (let u = 0; u < nUsers; u++) rowPtr[u + 1] += rowPtr[u];
  const rowItem = new Int32Array(b, at.rowItem, nnz);
  const rowPos = new Int32Array(b, at.rowPos, nnz);
  const fill = rowPtr.slice(0, nUsers);
  // a user costs the tails after it of its columns (the pairs it computes)
  const cost = new Float64Array(nUsers).fill(1);
  for (let i = 0; i < nItems; i++) {
    for (let q = simPtr[i]; q < simPtr[i + 1]; q++) {
      const e = fill[simUsers[q]]++;
      rowItem[e] = i;
      rowPos[e] = q;
      cost[simUsers[q]] += simPtr[i + 1] - q - 1;
    }
  }
  openTables(b, at.table);
  const pool = neighbourPool(k, threads);
  try {
    const cuts = cutByCost(nUsers, (u) => cost[u], threads * CHUNKS_PER_THREAD);
    const pearson = p.similarity === 'pearson' ? 1 : 0;
    await runRowChunks(
      k.exports,
      pool,
      'userCfPairs',
      cuts,
      (from, to, t) => {
        const s = at.scratch[t];
        return [
          at.rowPtr,
          at.rowItem,
          at.rowPos,
          at.simPtr,
          at.simUsers,
          at.simValues,
          at.simNeg,
          at.normSq,
          pearson,
          p.minSupport,
          p.shrinkage,
          p.minSimilarity,
          from,
          to,
          s.acc,
          s.touched,
          ...tableArgs(at.table, t),
          p.pool,
        ];
      },
      options,
      'neighbours',
    );
    const { idx, sim, count } = await closeTables(k.exports, b, pool, at.table, 0);
    return { nbrIdx: idx, nbrSim: sim, nbrCount: count };
  } finally {
    await pool?.close();
  }
}
