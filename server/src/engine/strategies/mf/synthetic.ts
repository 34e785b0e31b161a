import { Dataset, DatasetBuilder } from '../../dataset/dataset';
import { createRng, gaussian } from '../../util/random';

/**
 * Small seeded datasets with a known structure, for tests and examples: a low-rank rating matrix
 * (SVD should beat the global mean on held-out cells) and clustered implicit feedback (ALS should
 * rank a user's own cluster first).
 */
export interface LowRankRatings {
  /** every generated rating, including the held-out ones */
  all: { user: number; item: number; rating: number }[];
  /** all but the held-out ratings, indices as in `all` */
  train: Dataset;
  heldOut: { user: number; item: number; rating: number }[];
}

export function lowRankRatings(opts: { users?: number; items?: number; rank?: number; density?: number; seed?: number } = {}): LowRankRatings {
  const { users = 80, items = 50, rank = 3, density = 0.5, seed = 1 } = opts;
  const rng = createRng(seed);
  const U = Array.from({ length: users }, () => Array.from({ length: rank }, () => gaussian(rng)));
  const V = Array.from({ length: items }, () => Array.from({ length: rank }, () => gaussian(rng)));
  const all: LowRankRatings['all'] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      if (rng() > density) continue;
      let x = 3;
      for (let f = 0; f < rank; f++) x += 0.6 * U[u][f] * V[i][f];
      x += 0.1 * gaussian(rng);
      all.push({ user: u, item: i, rating: Math.min(5, Math.max(1, x)) });
    }
  }
  const b = new DatasetBuilder();
  // register every id first so that dense index == generated index
  for (let u = 0; u < users; u++) b.users.add(`u${u}`);
  for (let i = 0; i < items; i++) b.items.add(`i${i}`);
  const heldOut: LowRankRatings['all'] = [];
  for (const r of all) {
    if (rng() < 0.2) heldOut.push(r);
    else b.addIndexed(r.user, r.item, r.rating, 1, 0);
  }
  return { all, train: b.build(), heldOut };
}

/**
 * Implicit feedback in `clusters` disjoint taste groups: users of group g interact with a random
 * half of group g's items (weight 1..3) and rarely (5%) with anything else.
 */
export function clusteredImplicit(opts: { users?: number; items?: number; clusters?: number; seed?: number } = {}): {
  train: Dataset;
  clusterOfUser: number[];
  clusterOfItem: number[];
} {
  const { users = 60, items = 60, clusters = 3, seed = 1 } = opts;
  const rng = createRng(seed);
  const b = new DatasetBuilder();
  for (let u = 0; u < users; u++) b.users.add(`u${u}`);
  for (let i = 0; i < items; i++) b.items.add(`i${i}`);
  const clusterOfUser = Array.from({ length: users }, (_, u) => u % clusters);
  const clusterOfItem = Array.from({ length: items }, (_, i) => i % clusters);
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      const p = clusterOfItem[i] === clusterOfUser[u] ? 0.5 : 0.05;
      if (rng() < p) b.addIndexed(u, i, NaN, 1 + Math.floor(rng() * 3), 0);
    }
  }
  return { train: b.build(), clusterOfUser, clusterOfItem };
}
