import { Vocabulary } from './vocabulary';
import { Growable } from './growable';

/**
 * The interaction matrix in compressed sparse form, by user (CSR) and by item (CSC).
 * One entry per (user, item): its explicit rating (NaN when the user only has implicit events),
 * its confidence weight (sum of the weights of all events; a rating counts 1) and its latest time.
 *
 * Signed implicit signal: an implicit event's weight may be negative (a NEGATIVE feedback type such as
 * "dislike" gives -(type weight × value), see feedback.ts; NEUTRAL events never reach the engine).
 * Weights of one (user, item) sum with their signs, so a view (+0.5) and a dislike (-2) make -1.5.
 * An entry without a rating whose summed weight is below zero is a *negative entry* (isNegativeEntry):
 * the user has told us they do not want the item. A rated entry is never negative (its rating says how
 * much the user liked it). Every strategy treats a negative entry as seen (never recommended back to
 * that user) and as evidence against the item and what resembles it; how exactly is documented in
 * each strategy (popularity does not count it; ALS learns preference 0 with confidence 1 + α·|w|;
 * the neighbourhood models subtract it when scoring and leave it out of item similarities).
 *
 * Memory: CSR 20 bytes + CSC 12 bytes = 32 bytes per (user, item) entry, plus the vocabularies.
 */
export interface DatasetArrays {
  users: Vocabulary;
  items: Vocabulary;
  userPtr: Int32Array; // nUsers + 1
  userItems: Int32Array; // nnz, sorted by item within a user
  userRatings: Float32Array; // nnz, NaN = implicit only
  userWeights: Float32Array; // nnz
  userTimes: Float64Array; // nnz, seconds since epoch
  itemPtr: Int32Array; // nItems + 1
  itemUsers: Int32Array; // nnz, sorted by user within an item
  itemRatings: Float32Array; // nnz
  itemWeights: Float32Array; // nnz
}

/** a (user, item) entry without a rating whose summed implicit weight is below zero: "do not want" */
export function isNegativeEntry(rating: number, weight: number): boolean {
  return rating !== rating && weight < 0;
}

export class Dataset {
  readonly users: Vocabulary;
  readonly items: Vocabulary;
  readonly userPtr: Int32Array;
  readonly userItems: Int32Array;
  readonly userRatings: Float32Array;
  readonly userWeights: Float32Array;
  readonly userTimes: Float64Array;
  readonly itemPtr: Int32Array;
  readonly itemUsers: Int32Array;
  readonly itemRatings: Float32Array;
  readonly itemWeights: Float32Array;
  /** mean of explicit ratings (NaN when there are none) */
  readonly globalMean: number;
  /** number of entries with an explicit rating */
  readonly ratingCount: number;
  readonly minRating: number;
  readonly maxRating: number;

  constructor(a: DatasetArrays) {
    Object.assign(this, a);
    this.users = a.users;
    this.items = a.items;
    let sum = 0;
    let n = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of a.userRatings) {
      if (r === r) {
        sum += r;
        n++;
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
    }
    this.ratingCount = n;
    this.globalMean = n ? sum / n : NaN;
    this.minRating = n ? lo : NaN;
    this.maxRating = n ? hi : NaN;
  }

  get nUsers(): number {
    return this.userPtr.length - 1;
  }
  get nItems(): number {
    return this.itemPtr.length - 1;
  }
  get nnz(): number {
    return this.userItems.length;
  }

  /** number of entries of a user */
  userCount(user: number): number {
    if (user < 0 || user >= this.nUsers) return 0;
    return this.userPtr[user + 1] - this.userPtr[user];
  }

  itemCount(item: number): number {
    if (item < 0 || item >= this.nItems) return 0;
    return this.itemPtr[item + 1] - this.itemPtr[item];
  }

  /** bytes held by the typed arrays (not the vocabularies) */
  byteSize(): number {
    return [this.userPtr, this.userItems, this.userRatings, this.userWeights, this.userTimes, this.itemPtr, this.itemUsers, this.itemRatings, this.itemWeights].reduce(
      (s, x) => s + x.byteLength,
      0,
    );
  }

  /**
   * A dataset of some of this one's CSR entries (positions into userItems), sharing the
   * vocabularies so that indices mean the same in both (train/test splits).
   */
  subset(positions: ArrayLike<number>): Dataset {
    const n = positions.length;
    const u = new Int32Array(n);
    const it = new Int32Array(n);
    const r = new Float32Array(n);
    const w = new Float32Array(n);
    const t = new Float64Array(n);
    const owner = this.rowOwners();
    for (let j = 0; j < n; j++) {
      const p = positions[j];
      u[j] = owner[p];
      it[j] = this.userItems[p];
      r[j] = this.userRatings[p];
      w[j] = this.userWeights[p];
      t[j] = this.userTimes[p];
    }
    return Dataset.fromEntries(this.users, this.items, u, it, r, w, t);
  }

  /** user index of every CSR position */
  rowOwners(): Int32Array {
    const owner = new Int32Array(this.nnz);
    for (let u = 0; u < this.nUsers; u++) owner.fill(u, this.userPtr[u], this.userPtr[u + 1]);
    return owner;
  }

  /**
   * Builds both compressed forms from parallel arrays of already-aggregated entries
   * (at most one per (user, item)). Counting sort: O(nnz + nUsers + nItems), no per-pair objects.
   */
  static fromEntries(users: Vocabulary, items: Vocabulary, u: Int32Array, it: Int32Array, r: Float32Array, w: Float32Array, t: Float64Array): Dataset {
    const nU = users.size;
    const nI = items.size;
    const nnz = u.length;
    // sort by item first, then stable by user, so each user's row comes out sorted by item
    const itemPtr = countPtr(it, nI);
    const byItem = new Int32Array(nnz);
    const fill = itemPtr.slice(0, nI);
    for (let j = 0; j < nnz; j++) byItem[fill[it[j]]++] = j;
    const userPtr = countPtr(u, nU);
    const userItems = new Int32Array(nnz);
    const userRatings = new Float32Array(nnz);
    const userWeights = new Float32Array(nnz);
    const userTimes = new Float64Array(nnz);
    const ufill = userPtr.slice(0, nU);
    for (let q = 0; q < nnz; q++) {
      const j = byItem[q];
      const p = ufill[u[j]]++;
      userItems[p] = it[j];
      userRatings[p] = r[j];
      userWeights[p] = w[j];
      userTimes[p] = t[j];
    }
    // CSC from CSR, walking users in order so each item's column is sorted by user
    const itemUsers = new Int32Array(nnz);
    const itemRatings = new Float32Array(nnz);
    const itemWeights = new Float32Array(nnz);
    const ifill = itemPtr.slice(0, nI);
    for (let uu = 0; uu < nU; uu++) {
      for (let p = userPtr[uu]; p < userPtr[uu + 1]; p++) {
        const q = ifill[userItems[p]]++;
        itemUsers[q] = uu;
        itemRatings[q] = userRatings[p];
        itemWeights[q] = userWeights[p];
      }
    }
    return new Dataset({ users, items, userPtr, userItems, userRatings, userWeights, userTimes, itemPtr, itemUsers, itemRatings, itemWeights });
  }
}

function countPtr(keys: Int32Array, n: number): Int32Array {
  const ptr = new Int32Array(n + 1);
  for (let j = 0; j < keys.length; j++) ptr[keys[j] + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  return ptr;
}

/**
 * Collects raw events (possibly several per user and item) and aggregates them into a Dataset:
 * the latest explicit rating wins (re-rating replaces), implicit weights accumulate with their signs
 * (a negative sum without a rating is a negative entry, see isNegativeEntry), the latest time is kept.
 */
export class DatasetBuilder {
  readonly users: Vocabulary;
  readonly items: Vocabulary;
  private readonly u = new Growable(Int32Array);
  private readonly it = new Growable(Int32Array);
  private readonly r = new Growable(Float32Array);
  private readonly w = new Growable(Float32Array);
  private readonly t = new Growable(Float64Array);

  constructor(users = new Vocabulary(), items = new Vocabulary()) {
    this.users = users;
    this.items = items;
  }

  /** an explicit rating (weight 1) */
  addRating(userId: string, itemId: string, rating: number, time = 0): void {
    this.addIndexed(this.users.add(userId), this.items.add(itemId), rating, 1, time);
  }

  /** an implicit event (view, click, purchase…) with its signed weight (negative for a dislike, skip…) */
  addEvent(userId: string, itemId: string, weight: number, time = 0): void {
    this.addIndexed(this.users.add(userId), this.items.add(itemId), NaN, weight, time);
  }

  addIndexed(user: number, item: number, rating: number, weight: number, time: number): void {
    this.u.push(user);
    this.it.push(item);
    this.r.push(rating);
    this.w.push(weight);
    this.t.push(time);
  }

  get eventCount(): number {
    return this.u.length;
  }

  build(): Dataset {
    const u = this.u.view();
    const it = this.it.view();
    const r = this.r.view();
    const w = this.w.view();
    const t = this.t.view();
    const n = u.length;
    // bucket events by user (counting sort), then order each user's few events by (item, time, arrival):
    // many small sorts instead of one big comparator sort over all events
    const nU = this.users.size;
    const ptr = countPtr(u, nU);
    const sorted = new Int32Array(n);
    const fill = ptr.slice(0, nU);
    for (let j = 0; j < n; j++) sorted[fill[u[j]]++] = j;
    for (let uu = 0; uu < nU; uu++) {
      const row = sorted.subarray(ptr[uu], ptr[uu + 1]);
      if (row.length > 1) row.sort((a, b) => it[a] - it[b] || t[a] - t[b] || a - b);
    }
    const key = (j: number) => u[j] * 4294967296 + it[j];
    const ou = new Growable(Int32Array, Math.max(16, n));
    const oi = new Growable(Int32Array, Math.max(16, n));
    const or = new Growable(Float32Array, Math.max(16, n));
    const ow = new Growable(Float32Array, Math.max(16, n));
    const ot = new Growable(Float64Array, Math.max(16, n));
    let q = 0;
    while (q < n) {
      const j0 = sorted[q];
      const k0 = key(j0);
      let rating = NaN;
      let implicit = 0;
      let time = -Infinity;
      while (q < n && key(sorted[q]) === k0) {
        const j = sorted[q++];
        if (r[j] === r[j])
          rating = r[j]; // later (by time, then arrival) ratings replace earlier ones
        else implicit += w[j];
        if (t[j] > time) time = t[j];
      }
      ou.push(u[j0]);
      oi.push(it[j0]);
      or.push(rating);
      ow.push(implicit + (rating === rating ? 1 : 0));
      ot.push(time);
    }
    return Dataset.fromEntries(this.users, this.items, ou.view(), oi.view(), or.view(), ow.view(), ot.view());
  }
}
