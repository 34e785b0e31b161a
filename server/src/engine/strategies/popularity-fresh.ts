/**
 * POPULARITY's tallies for items new since training (withItems): trained items keep their trained
 * scores until retraining, a new item is counted from the rows of the users folded in since.
 */
import { isNegativeEntry } from '../dataset/dataset';
import type { Row } from './interaction-matrix';

/**
 * What the folded-in users say about the items new since training (index - trained items): distinct
 * users with a positive entry, their summed positive weights, and their ratings.
 */
export interface FreshItems {
  count: Float64Array;
  weight: Float64Array;
  ratingSum: Float64Array;
  ratingN: Float64Array;
}

export function emptyFresh(n: number): FreshItems {
  return { count: new Float64Array(n), weight: new Float64Array(n), ratingSum: new Float64Array(n), ratingN: new Float64Array(n) };
}

/** adds (sign 1) or removes (sign -1) one folded row's new-item entries */
export function tallyFresh(f: FreshItems, trained: number, row: Row, sign: number): void {
  for (let j = row.items.length - 1; j >= 0 && row.items[j] >= trained; j--) {
    const x = row.items[j] - trained;
    const r = row.ratings[j];
    const w = row.weights[j];
    if (isNegativeEntry(r, w)) continue;
    f.count[x] += sign;
    if (w > 0) f.weight[x] += sign * w;
    if (r === r) {
      f.ratingSum[x] += sign * r;
      f.ratingN[x] += sign;
    }
  }
}
