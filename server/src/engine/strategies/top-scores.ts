/**
 * Top-k over a dense scan where most candidates lose: like util/top-k's TopK (same order, same ties:
 * higher score first, then lower item index) but the entry bar is a public number, so the scan can
 * reject a candidate with one comparison instead of a method call. Used by the neighbourhood models,
 * whose scans touch thousands of candidates for k of about ten.
 */
import type { ScoredItem } from '../types';

export class TopScores {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  size = 0;
  /** a candidate scoring below this cannot enter (ties at the bar are decided by item index) */
  bar = -Infinity;

  constructor(readonly k: number) {
    this.items = new Int32Array(Math.max(0, k));
    this.scores = new Float64Array(Math.max(0, k));
  }

  push(item: number, score: number): void {
    const { k, items, scores } = this;
    if (k <= 0 || score !== score || score < this.bar) return;
    if (this.size < k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, item, scores[parent], items[parent])) break;
        items[i] = items[parent];
        scores[i] = scores[parent];
        i = parent;
      }
      items[i] = item;
      scores[i] = score;
      if (this.size === k) this.bar = scores[0];
      return;
    }
    if (!worse(scores[0], items[0], score, item)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      let c = l;
      if (r < k && worse(scores[r], items[r], scores[l], items[l])) c = r;
      if (!worse(scores[c], items[c], score, item)) break;
      items[i] = items[c];
      scores[i] = scores[c];
      i = c;
    }
    items[i] = item;
    scores[i] = score;
    this.bar = scores[0];
  }

  /** the kept items, best first */
  result(): ScoredItem[] {
    const out: ScoredItem[] = [];
    for (let i = 0; i < this.size; i++) out.push({ item: this.items[i], score: this.scores[i] });
    out.sort((a, b) => b.score - a.score || a.item - b.item);
    return out;
  }
}

function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}
