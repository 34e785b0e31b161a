/**
 * "Items like this one", computed on demand from the interaction matrix: walk the item's column
 * (its users), then each of those users' rows, accumulating into one dense array. Cost is the number
 * of entries of the item's users, with no per-pair objects and nothing precomputed per item pair.
 */
import { TopK } from '../util/top-k';
import type { ScoredItem } from '../types';
import type { InteractionMatrix } from './interaction-matrix';

export type ItemSimilarity = 'cooccurrence' | 'cosine';

/**
 * Confidence an entry carries as evidence of liking: a rating counts 1, implicit events their
 * accumulated weight (damped). 0 for a negative entry: similarities are learned from positive entries.
 */
export function entryStrength(weight: number): number {
  // a plain rating (weight 1) is by far the common case: skip the logarithm for it
  if (weight === 1) return 1;
  return weight > 0 ? Math.log2(1 + weight) : 0;
}

/**
 * The entry's strength with its sign, for scoring: a negative entry (no rating, summed weight below
 * zero; see dataset.ts) counts -log2(1 + |w|), so it pulls down what resembles the disliked item as
 * much as the same positive weight would have pushed it up.
 */
export function signedStrength(rating: number, weight: number): number {
  return rating !== rating && weight < 0 ? -Math.log2(1 - weight) : entryStrength(weight);
}

/** asymmetric cosine: the candidate's norm weighs more than the query's, damping popular candidates */
const ALPHA = 0.8;
/** shared users at which a pair's similarity keeps half its weight */
const SUPPORT_SHRINK = 20;

/**
 * Only positive entries take part (a negative one says the user did not want the item: two items
 * disliked by the same people are not thereby alike), and erased users' trained rows are skipped.
 * `cooccurrence`: how many users interacted with both (weighted by strength), "people who X also Y".
 * `cosine`: that product over |x|^(1-a) |y|^a with a = 0.8 (an asymmetric cosine), times
 * n / (n + 20) for n shared users. On ml-latest-small plain cosine (a = 0.5) answers Toy Story with
 * Independence Day and Jurassic Park; this answers Toy Story 2, with Star Wars still answering Star Wars.
 */
export function similarItemsOf(m: InteractionMatrix, item: number, k: number, kind: ItemSimilarity, colSquares?: Float64Array): ScoredItem[] {
  if (item < 0 || item >= m.nItems || k <= 0) return [];
  const acc = new Float64Array(m.nItems);
  const shared = new Int32Array(m.nItems);
  const { itemPtr, itemUsers, itemWeights, userPtr, userItems, userWeights } = m;
  const erased = m.erased.size > 0;
  for (let q = itemPtr[item]; q < itemPtr[item + 1]; q++) {
    const u = itemUsers[q];
    if (itemWeights[q] < 0 || (erased && m.erased.has(u))) continue;
    const a = entryStrength(itemWeights[q]);
    for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
      if (userWeights[p] < 0) continue;
      acc[userItems[p]] += a * entryStrength(userWeights[p]);
      shared[userItems[p]]++;
    }
  }
  const heap = new TopK(Math.min(k, m.nItems));
  const cosine = kind === 'cosine' && colSquares !== undefined;
  const self = cosine ? Math.pow(colSquares[item], 1 - ALPHA) : 1;
  for (let j = 0; j < m.nItems; j++) {
    if (j === item || acc[j] <= 0) continue;
    if (!cosine) heap.push(j, acc[j]);
    else heap.push(j, (acc[j] / (self * Math.pow(colSquares[j], ALPHA))) * (shared[j] / (shared[j] + SUPPORT_SHRINK)));
  }
  return heap.result();
}

/** sum of squared strengths of each item column (its squared norm), for cosine; erased users skipped */
export function columnSquares(m: InteractionMatrix): Float64Array {
  const out = new Float64Array(m.nItems);
  for (let i = 0; i < m.nItems; i++) {
    let s = 0;
    for (let q = m.itemPtr[i]; q < m.itemPtr[i + 1]; q++) {
      if (m.isErased(m.itemUsers[q])) continue;
      const x = entryStrength(m.itemWeights[q]);
      s += x * x;
    }
    out[i] = s;
  }
  return out;
}
