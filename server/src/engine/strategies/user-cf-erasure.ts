/**
 * USER_CF's erasure of a user from the neighbour lists (see UserCfModel.forget): trained users who had
 * them lose that one neighbour, folded-in users are left to be recomputed, and the artifact's table gets
 * the changed lists written in, so no stored list names an erased user.
 */
import type { Row } from './interaction-matrix';

export interface NeighbourTable {
  nbrIdx: Int32Array; // trained users × pool, best first
  nbrSim: Float32Array;
  nbrCount: Int32Array;
}

/** a user's neighbours when they differ from the trained table's (folded-in users, erasure) */
export interface FoldedUser {
  /** the user's offset: mean rating, or global mean + user bias */
  mean: number;
  idx: Int32Array;
  sim: Float32Array;
}

/**
 * The per-user neighbour overrides once `user` is erased: trained users whose list held them get the
 * list without them (the rest kept: those similarities never involved the erased row); folded-in users
 * (with an override row) whose list held them are dropped, for the model to recompute exactly as a
 * restored artifact does. One pass over the table: users × pool.
 */
export function neighboursWithout(
  user: number,
  t: NeighbourTable,
  pool: number,
  userOffset: Float64Array,
  folded: ReadonlyMap<number, FoldedUser>,
  overrides: ReadonlyMap<number, Row>,
): Map<number, FoldedUser> {
  const out = new Map(folded);
  out.delete(user);
  const { nbrIdx, nbrSim, nbrCount } = t;
  for (let v = 0; v < nbrCount.length; v++) {
    if (v === user || out.has(v)) continue;
    const a = v * pool;
    for (let j = 0; j < nbrCount[v]; j++) {
      if (nbrIdx[a + j] !== user) continue;
      const keep = (_: number, r: number) => r !== j;
      out.set(v, { mean: userOffset[v], idx: nbrIdx.subarray(a, a + nbrCount[v]).filter(keep), sim: nbrSim.subarray(a, a + nbrCount[v]).filter(keep) });
      break;
    }
  }
  for (const [v, f] of out) {
    const j = f.idx.indexOf(user);
    if (j < 0) continue;
    if (overrides.has(v)) out.delete(v);
    else out.set(v, { mean: f.mean, idx: f.idx.filter((_, r) => r !== j), sim: f.sim.filter((_, r) => r !== j) });
  }
  return out;
}

/** the trained table with erased users' lists emptied and every trained user's override written in */
export function tableForArtifact(t: NeighbourTable, pool: number, erased: ReadonlySet<number>, folded: ReadonlyMap<number, FoldedUser>): NeighbourTable {
  if (erased.size === 0) return t;
  const out = { nbrIdx: t.nbrIdx.slice(), nbrSim: t.nbrSim.slice(), nbrCount: t.nbrCount.slice() };
  for (const u of erased) {
    out.nbrIdx.fill(0, u * pool, (u + 1) * pool);
    out.nbrSim.fill(0, u * pool, (u + 1) * pool);
    out.nbrCount[u] = 0;
  }
  // folded-in users' lists are recomputed on load: written anyway, so no stale list names an erased user
  for (const [v, f] of folded) {
    if (v >= out.nbrCount.length) continue;
    out.nbrIdx.fill(0, v * pool, (v + 1) * pool).set(f.idx, v * pool);
    out.nbrSim.fill(0, v * pool, (v + 1) * pool).set(f.sim, v * pool);
    out.nbrCount[v] = f.idx.length;
  }
  return out;
}
