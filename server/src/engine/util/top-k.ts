import type { ScoredItem } from '../types';

/**
 * Top-k selection with a bounded min-heap over typed arrays: O(n log k), no full sort and no
 * object per candidate. Ties are broken by the lower item index so results are deterministic.
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.items = new Int32Array(Math.max(0, k));
    this.scores = new Float64Array(Math.max(0, k));
  }

  /** true when (score, item) would enter the heap */
  private worse(sa: number, ia: number, sb: number, ib: number): boolean {
    return sa < sb || (sa === sb && ia > ib);
  }

  push(item: number, score: number): void {
    const k = this.k;
    if (k <= 0 || score !== score) return;
    if (this.size < k) {
      let i = this.size++;
      // sift up
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, item, this.scores[parent], this.items[parent])) break;
        this.items[i] = this.items[parent];
        this.scores[i] = this.scores[parent];
        i = parent;
      }
      this.items[i] = item;
      this.scores[i] = score;
      return;
    }
    if (!this.worse(this.scores[0], this.items[0], score, item)) return;
    // replace the root and sift down
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      let c = l;
      if (r < k && this.worse(this.scores[r], this.items[r], this.scores[l], this.items[l])) c = r;
      if (!this.worse(this.scores[c], this.items[c], score, item)) break;
      this.items[i] = this.items[c];
      this.scores[i] = this.scores[c];
      i = c;
    }
    this.items[i] = item;
    this.scores[i] = score;
  }

  /** the kept items, best first */
  result(): ScoredItem[] {
    const out: ScoredItem[] = [];
    for (let i = 0; i < this.size; i++) out.push({ item: this.items[i], score: this.scores[i] });
    out.sort((a, b) => b.score - a.score || a.item - b.item);
    return out;
  }
}

/** best k items of a dense score vector, skipping those `skip` rejects */
export function topKOfScores(scores: ArrayLike<number>, k: number, skip?: (item: number) => boolean): ScoredItem[] {
  const heap = new TopK(Math.min(k, scores.length));
  for (let i = 0; i < scores.length; i++) {
    if (skip && skip(i)) continue;
    heap.push(i, scores[i]);
  }
  return heap.result();
}
