/**
 * The part of a Dataset a trained neighbourhood / popularity model keeps to serve: CSR and CSC of
 * (item, rating, weight), without times or vocabularies, plus copy-on-write rows for users folded in
 * after training. Folded rows replace a user's own row only; the CSC (what other users see) stays as
 * trained, so folding one user never changes anyone else's answers.
 *
 * Erasure (forget): an erased user's trained row is never read again. The arrays are shared, not
 * copied (forgetting costs no O(nnz) copy), so the entries stay in memory, but row() answers an empty
 * row, isKnown() is false, everything that walks a column skips erased users (see isErased), and
 * toArrays() writes the CSR without them, so an artifact no longer holds their row.
 * Items new since training (withItems) are columns with no trained entries.
 */
import type { Dataset } from '../dataset/dataset';
import type { UserInteractions } from '../types';

export interface Row {
  items: Int32Array; // sorted by item, unique
  ratings: Float32Array; // NaN = implicit only
  weights: Float32Array;
}

type Arrays = Record<string, Int32Array | Float32Array | Uint8Array | Float64Array | Uint32Array | Int8Array | Uint16Array | Int16Array>;

const EMPTY_ROW: Row = { items: new Int32Array(0), ratings: new Float32Array(0), weights: new Float32Array(0) };

export class InteractionMatrix {
  /** users with rows in the trained CSR */
  readonly baseUsers: number;

  constructor(
    readonly nItems: number,
    readonly userPtr: Int32Array,
    readonly userItems: Int32Array,
    readonly userRatings: Float32Array,
    readonly userWeights: Float32Array,
    readonly itemPtr: Int32Array,
    readonly itemUsers: Int32Array,
    readonly itemRatings: Float32Array,
    readonly itemWeights: Float32Array,
    readonly overrides: ReadonlyMap<number, Row> = new Map(),
    /** trained users whose trained row is erased (a later fold-in gives them an override row again) */
    readonly erased: ReadonlySet<number> = new Set(),
  ) {
    this.baseUsers = userPtr.length - 1;
  }

  /** true when a column walk must skip this user's trained entries */
  isErased(user: number): boolean {
    return this.erased.size > 0 && this.erased.has(user);
  }

  static fromDataset(d: Dataset): InteractionMatrix {
    return new InteractionMatrix(d.nItems, d.userPtr, d.userItems, d.userRatings, d.userWeights, d.itemPtr, d.itemUsers, d.itemRatings, d.itemWeights);
  }

  /** users the model knows: trained ones plus any folded in beyond them */
  get nUsers(): number {
    let n = this.baseUsers;
    for (const u of this.overrides.keys()) if (u + 1 > n) n = u + 1;
    return n;
  }

  /** a user the model has a history for (possibly empty), as opposed to an unknown index */
  isKnown(user: number): boolean {
    return (user >= 0 && user < this.baseUsers && !this.isErased(user)) || this.overrides.has(user);
  }

  row(user: number): Row {
    const o = this.overrides.get(user);
    if (o) return o;
    if (user < 0 || user >= this.baseUsers || this.isErased(user)) return EMPTY_ROW;
    const a = this.userPtr[user];
    const b = this.userPtr[user + 1];
    return { items: this.userItems.subarray(a, b), ratings: this.userRatings.subarray(a, b), weights: this.userWeights.subarray(a, b) };
  }

  rowLength(user: number): number {
    const o = this.overrides.get(user);
    if (o) return o.items.length;
    if (user < 0 || user >= this.baseUsers || this.isErased(user)) return 0;
    return this.userPtr[user + 1] - this.userPtr[user];
  }

  /** a matrix sharing every array with this one, with `user`'s row replaced */
  withRow(user: number, row: Row): InteractionMatrix {
    const overrides = new Map(this.overrides);
    overrides.set(user, row);
    return this.sharing({ overrides });
  }

  /** a matrix without `user`: their folded row dropped and their trained row erased (no array copied) */
  without(user: number): InteractionMatrix {
    const overrides = new Map(this.overrides);
    overrides.delete(user);
    const erased = new Set(this.erased);
    if (user >= 0 && user < this.baseUsers) erased.add(user);
    return this.sharing({ overrides, erased });
  }

  /** the same matrix over a catalog of nItems (≥ this.nItems): the new items' columns are empty */
  withItems(nItems: number): InteractionMatrix {
    if (!Number.isInteger(nItems) || nItems < this.nItems) throw new RangeError(`withItems: nItems must be an integer ≥ ${this.nItems}, got ${nItems}`);
    if (nItems === this.nItems) return this;
    const itemPtr = new Int32Array(nItems + 1);
    itemPtr.set(this.itemPtr);
    itemPtr.fill(this.itemPtr[this.nItems], this.nItems + 1);
    return this.sharing({ nItems, itemPtr });
  }

  /** a matrix sharing every array with this one but those given (no array is copied) */
  private sharing(changed: { nItems?: number; itemPtr?: Int32Array; overrides?: ReadonlyMap<number, Row>; erased?: ReadonlySet<number> }): InteractionMatrix {
    const { nItems = this.nItems, itemPtr = this.itemPtr, overrides = this.overrides, erased = this.erased } = changed;
    return new InteractionMatrix(
      nItems,
      this.userPtr,
      this.userItems,
      this.userRatings,
      this.userWeights,
      itemPtr,
      this.itemUsers,
      this.itemRatings,
      this.itemWeights,
      overrides,
      erased,
    );
  }

  /** the trained CSR with erased users' rows removed (the arrays themselves when nobody is erased) */
  private keptCsr(): { userPtr: Int32Array; userItems: Int32Array; userRatings: Float32Array; userWeights: Float32Array } {
    const { userPtr, userItems, userRatings, userWeights } = this;
    if (this.erased.size === 0) return { userPtr, userItems, userRatings, userWeights };
    const nU = this.baseUsers;
    const ptr = new Int32Array(nU + 1);
    for (let u = 0; u < nU; u++) ptr[u + 1] = ptr[u] + (this.erased.has(u) ? 0 : userPtr[u + 1] - userPtr[u]);
    const n = ptr[nU];
    const items = new Int32Array(n);
    const ratings = new Float32Array(n);
    const weights = new Float32Array(n);
    for (let u = 0; u < nU; u++) {
      if (this.erased.has(u)) continue;
      const a = userPtr[u];
      const b = userPtr[u + 1];
      items.set(userItems.subarray(a, b), ptr[u]);
      ratings.set(userRatings.subarray(a, b), ptr[u]);
      weights.set(userWeights.subarray(a, b), ptr[u]);
    }
    return { userPtr: ptr, userItems: items, userRatings: ratings, userWeights: weights };
  }

  /** CSR (without erased rows) and folded rows as named arrays for an artifact (the CSC is rebuilt on load) */
  toArrays(): Arrays {
    const users = [...this.overrides.keys()].sort((a, b) => a - b);
    const ovPtr = new Int32Array(users.length + 1);
    users.forEach((u, j) => {
      ovPtr[j + 1] = ovPtr[j] + this.overrides.get(u)!.items.length;
    });
    const ovItems = new Int32Array(ovPtr[users.length]);
    const ovRatings = new Float32Array(ovItems.length);
    const ovWeights = new Float32Array(ovItems.length);
    users.forEach((u, j) => {
      const r = this.overrides.get(u)!;
      ovItems.set(r.items, ovPtr[j]);
      ovRatings.set(r.ratings, ovPtr[j]);
      ovWeights.set(r.weights, ovPtr[j]);
    });
    const out: Arrays = { ...this.keptCsr(), ovUsers: Int32Array.from(users), ovPtr, ovItems, ovRatings, ovWeights };
    if (this.erased.size) out.erased = Int32Array.from([...this.erased].sort((a, b) => a - b));
    return out;
  }

  static fromArrays(nItems: number, a: Arrays): InteractionMatrix {
    const userPtr = a.userPtr as Int32Array;
    const userItems = a.userItems as Int32Array;
    const userRatings = a.userRatings as Float32Array;
    const userWeights = a.userWeights as Float32Array;
    const nU = userPtr.length - 1;
    const nnz = userItems.length;
    const itemPtr = new Int32Array(nItems + 1);
    for (let p = 0; p < nnz; p++) itemPtr[userItems[p] + 1]++;
    for (let i = 0; i < nItems; i++) itemPtr[i + 1] += itemPtr[i];
    const itemUsers = new Int32Array(nnz);
    const itemRatings = new Float32Array(nnz);
    const itemWeights = new Float32Array(nnz);
    const fill = itemPtr.slice(0, nItems);
    for (let u = 0; u < nU; u++) {
      for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
        const q = fill[userItems[p]]++;
        itemUsers[q] = u;
        itemRatings[q] = userRatings[p];
        itemWeights[q] = userWeights[p];
      }
    }
    const overrides = new Map<number, Row>();
    const ovUsers = a.ovUsers as Int32Array;
    const ovPtr = a.ovPtr as Int32Array;
    for (let j = 0; j < ovUsers.length; j++) {
      const s = ovPtr[j];
      const e = ovPtr[j + 1];
      overrides.set(ovUsers[j], {
        items: (a.ovItems as Int32Array).slice(s, e),
        ratings: (a.ovRatings as Float32Array).slice(s, e),
        weights: (a.ovWeights as Float32Array).slice(s, e),
      });
    }
    const erased = new Set(a.erased ? Array.from(a.erased as Int32Array) : []);
    return new InteractionMatrix(nItems, userPtr, userItems, userRatings, userWeights, itemPtr, itemUsers, itemRatings, itemWeights, overrides, erased);
  }
}

/**
 * A foldIn history as a Row: sorted by item, one entry per item (the last given wins), items outside
 * the catalog dropped, weights defaulting to 1.
 */
export function rowFromInteractions(nItems: number, h: UserInteractions): Row {
  const n = h.items.length;
  const order: number[] = [];
  for (let j = 0; j < n; j++) if (h.items[j] >= 0 && h.items[j] < nItems) order.push(j);
  order.sort((a, b) => h.items[a] - h.items[b] || a - b);
  const items: number[] = [];
  const ratings: number[] = [];
  const weights: number[] = [];
  for (const j of order) {
    const w = h.weights ? h.weights[j] : 1;
    const r = h.ratings[j] ?? NaN;
    if (items.length && items[items.length - 1] === h.items[j]) {
      ratings[ratings.length - 1] = r;
      weights[weights.length - 1] = w;
    } else {
      items.push(h.items[j]);
      ratings.push(r);
      weights.push(w);
    }
  }
  return { items: Int32Array.from(items), ratings: Float32Array.from(ratings), weights: Float32Array.from(weights) };
}
