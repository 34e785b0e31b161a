/**
 * "Items like this one", computed on demand from the interaction matrix: walk the item's column
 * (its users), then each of those users' rows, accumulating into one dense array. Cost is the number
 * of entries of the item's users, with no per-pair objects and nothing precomputed per item pair.
 */
import { TopK } from '../util/top-k';
import type { ScoredItem } from '../types';
import type { InteractionMatrix } from './interaction-matrix';

export type ItemSimilarity = 'cooccurrence' | 'cosine';

/** confidence an entry carries: a rating counts 1, implicit events their accumulated weight (damped) */
export function entryStrength(weight: number): number {
  // a plain rating (weight 1) is by far the common case: skip the logarithm for it
  if (weight === 1) return 1;
  return weight > 0 ? Math.log2(1 + weight) : 0;
}

/**
 * `cooccurrence`: how many users interacted with both (weighted by strength), "people who X also Y".
 * `cosine`: the same product divided by both columns' norms, so popular items do not dominate.
 */
export function similarItemsOf(m: InteractionMatrix, item: number, k: number, kind: ItemSimilarity, colNorms?: Float64Array): ScoredItem[] {
  if (item < 0 || item >= m.nItems || k <= 0) return [];
  const acc = new Float64Array(m.nItems);
  const { itemPtr, itemUsers, itemWeights, userPtr, userItems, userWeights } = m;
  for (let q = itemPtr[item]; q < itemPtr[item + 1]; q++) {
    const u = itemUsers[q];
    const a = entryStrength(itemWeights[q]);
    for (let p = userPtr[u]; p < userPtr[u + 1]; p++) acc[userItems[p]] += a * entryStrength(userWeights[p]);
  }
  const heap = new TopK(Math.min(k, m.nItems));
  const ni = kind === 'cosine' && colNorms ? colNorms[item] : 1;
  for (let j = 0; j < m.nItems; j++) {
    if (j === item || acc[j] <= 0) continue;
    const s = kind === 'cosine' && colNorms ? acc[j] / (ni * colNorms[j] || 1) : acc[j];
    heap.push(j, s);
  }
  return heap.result();
}

/** Euclidean norm of each item column's strengths, for cosine */
export function columnNorms(m: InteractionMatrix): Float64Array {
  const out = new Float64Array(m.nItems);
  for (let i = 0; i < m.nItems; i++) {
    let s = 0;
    for (let q = m.itemPtr[i]; q < m.itemPtr[i + 1]; q++) {
      const x = entryStrength(m.itemWeights[q]);
      s += x * x;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}
