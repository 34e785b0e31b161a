/**
 * ITEM_CF's neighbours for items new since training (withItems): the trained neighbour table cannot
 * know them, so their neighbour lists come from the rows of the users folded in since, computed the way
 * fit computes a trained item's (asymmetric cosine of positive strengths, shrunk by n / (n + shrinkage)),
 * with one approximation: a trained candidate's norm is its trained column norm (or, when larger, its
 * norm over the new item's users, so a candidate the trained data barely knew is not inflated).
 *
 * Kept per model: which folded users hold each new item (sorted user lists, copy-on-write), and a memo
 * of the lists already computed. A fold-in changes the lists of the new items in that user's old or new
 * row only, so only those are recomputed (cost: the rows of that item's users), never the whole matrix.
 * After a reload every list is computed on first use (measured: 500 new items held by 12 folded users
 * each, 120-item rows, 0.6–0.9 s once on the loaded 2-core box). Scoring a user then walks every new
 * item's list (nNew × neighbours binary searches in the user's row, ~2 ms for 500 new items): new items
 * are meant to be few between trainings, which fold them into the trained table.
 */
import type { InteractionMatrix, Row } from './interaction-matrix';
import { entryStrength } from './item-neighbours';
import { indexInRow } from './shared';
import { TopScores } from './top-scores';

export interface FreshList {
  idx: Int32Array;
  sim: Float32Array;
}

export interface FreshParams {
  neighbours: number;
  shrinkage: number;
  asymmetry: number;
}

export class FreshNeighbours {
  private constructor(
    /** items below this index are trained */
    readonly trained: number,
    /** new item → folded users with a positive entry for it, ascending */
    private readonly holders: ReadonlyMap<number, Int32Array>,
    /** lists computed so far (a memo: the same answers without it) */
    private readonly memo: Map<number, FreshList>,
  ) {}

  static empty(trained: number): FreshNeighbours {
    return new FreshNeighbours(trained, new Map(), new Map());
  }

  /** from every folded row (an artifact just loaded) */
  static fromRows(trained: number, overrides: ReadonlyMap<number, Row>): FreshNeighbours {
    const lists = new Map<number, number[]>();
    for (const u of [...overrides.keys()].sort((a, b) => a - b)) {
      for (const i of newPositives(trained, overrides.get(u)!)) {
        let l = lists.get(i);
        if (!l) lists.set(i, (l = []));
        l.push(u);
      }
    }
    return new FreshNeighbours(trained, new Map([...lists].map(([i, l]) => [i, Int32Array.from(l)])), new Map());
  }

  /** new items with at least one folded user */
  get active(): Iterable<number> {
    return this.holders.keys();
  }

  get size(): number {
    return this.holders.size;
  }

  /** `user`'s folded row changed from `before` to `after` (null: none) */
  withRowChanged(user: number, before: Row | null, after: Row | null): FreshNeighbours {
    const was = before ? newPositives(this.trained, before) : [];
    const is = after ? newPositives(this.trained, after) : [];
    if (!was.length && !is.length) return this;
    const holders = new Map(this.holders);
    const memo = new Map(this.memo);
    for (const i of new Set([...was, ...is])) {
      memo.delete(i);
      const old = holders.get(i) ?? new Int32Array(0);
      const kept = Array.from(old).filter((u) => u !== user);
      if (is.includes(i)) {
        let at = 0;
        while (at < kept.length && kept[at] < user) at++;
        kept.splice(at, 0, user);
      }
      if (kept.length) holders.set(i, Int32Array.from(kept));
      else holders.delete(i);
    }
    return new FreshNeighbours(this.trained, holders, memo);
  }

  /** the new item's neighbours, best first (empty for an item no folded user holds) */
  list(item: number, m: InteractionMatrix, trainedNorm: Float64Array, p: FreshParams): FreshList {
    const cached = this.memo.get(item);
    if (cached) return cached;
    const users = this.holders.get(item);
    const out = users ? computeList(item, users, m, trainedNorm, p) : { idx: new Int32Array(0), sim: new Float32Array(0) };
    this.memo.set(item, out);
    return out;
  }
}

/**
 * The new items a row holds with a non-negative weight, as fit's similarities count entries
 * (rows are sorted by item: the new ones are at the end).
 */
function newPositives(trained: number, row: Row): number[] {
  const out: number[] = [];
  for (let j = row.items.length - 1; j >= 0 && row.items[j] >= trained; j--) {
    if (row.weights[j] >= 0) out.push(row.items[j]);
  }
  return out;
}

/** dense accumulators over the catalog, reused by every list computation (single-threaded; reset after use) */
class Scratch {
  readonly dot: Float64Array;
  readonly sq: Float64Array;
  readonly shared: Int32Array;
  readonly touched: Int32Array;
  constructor(readonly n: number) {
    this.dot = new Float64Array(n);
    this.sq = new Float64Array(n);
    this.shared = new Int32Array(n);
    this.touched = new Int32Array(n);
  }
}
let scratch: Scratch | null = null;

function computeList(item: number, users: Int32Array, m: InteractionMatrix, trainedNorm: Float64Array, p: FreshParams): FreshList {
  if (!scratch || scratch.n < m.nItems) scratch = new Scratch(m.nItems);
  const { dot, sq, shared, touched } = scratch;
  let nTouched = 0;
  let selfSq = 0;
  for (const u of users) {
    const row = m.row(u);
    const at = indexInRow(row.items, 0, row.items.length, item);
    if (at < 0) continue;
    const x = entryStrength(row.weights[at]);
    selfSq += x * x;
    for (let j = 0; j < row.items.length; j++) {
      const other = row.items[j];
      if (other === item || row.weights[j] < 0) continue;
      const y = entryStrength(row.weights[j]);
      if (shared[other] === 0) touched[nTouched++] = other;
      dot[other] += x * y;
      sq[other] += y * y;
      shared[other]++;
    }
  }
  const top = new TopScores(p.neighbours);
  const self = Math.pow(Math.sqrt(selfSq), 1 - p.asymmetry);
  for (let t = 0; t < nTouched; t++) {
    const j = touched[t];
    const d = dot[j];
    if (d > 0 && selfSq > 0) {
      const seen = Math.sqrt(sq[j]);
      const norm = j < trainedNorm.length ? Math.max(trainedNorm[j], seen) : seen;
      const n = shared[j];
      top.push(j, (d / (self * Math.pow(norm, p.asymmetry))) * (n / (n + p.shrinkage)));
    }
    dot[j] = 0;
    sq[j] = 0;
    shared[j] = 0;
  }
  const best = top.result();
  return { idx: Int32Array.from(best, (s) => s.item), sim: Float32Array.from(best, (s) => s.score) };
}
