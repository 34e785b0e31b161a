import type { HistoryRow, UserFingerprintRow, UserRow } from '../data/repositories/user.repository';
import { RATING_KIND } from '../engine/dataset/feedback';
import { signedHistory, type HistoryEntry } from './history';

/** what a user's history rows add up to: the reconciliation compares it with the database's */
export interface HistoryFingerprint {
  /** (item, kind) groups */
  groups: number;
  /** interaction rows */
  rows: number;
  /** the sum of their values */
  sum: number;
}

/** a user as a list needs them: their row and their signed history (services/history.ts) */
export interface UserState {
  row: UserRow;
  history: HistoryEntry[];
  fingerprint: HistoryFingerprint;
  /** the (item, kind) groups the history is folded from: a committed write is applied to them */
  groups: readonly HistoryRow[];
}

export function userState(row: UserRow, rows: readonly HistoryRow[]): UserState {
  let n = 0;
  let sum = 0;
  for (const r of rows) {
    n += r.rows ?? 1;
    sum += r.value ?? 0;
  }
  return { row, history: signedHistory(rows), fingerprint: { groups: rows.length, rows: n, sum }, groups: rows };
}

/** one committed write of this user, as the write path knows it */
export interface CommittedWrite {
  /** the user's internal key: a state held under another (an id erased and taken again) is not updated */
  userKey: string;
  itemKey: string;
  kind: string;
  value: number;
  /** a new row (false: a rating replaced, or an idempotent retry that wrote nothing) */
  created: boolean;
}

/**
 * The state after committed writes, without reading the database: a rating replaces the item's
 * rating group, a new event adds to its (item, kind) group, a retry changes nothing. `typeOf` gives a
 * declared kind's weight and polarity; null when this replica cannot tell (the caller reads the user again).
 */
export function withWrites(
  state: UserState,
  writes: readonly CommittedWrite[],
  typeOf: (kind: string) => { weight: number; polarity: HistoryRow['polarity'] } | undefined,
): UserState | null {
  if (writes.some((w) => w.userKey !== state.row.key)) return null;
  const groups = state.groups.map((g) => ({ ...g }));
  const at = new Map(groups.map((g, i) => [`${g.itemKey}|${g.kind}`, i]));
  for (const w of writes) {
    const isRating = w.kind === RATING_KIND;
    if (!isRating && !w.created) continue;
    const i = at.get(`${w.itemKey}|${w.kind}`);
    if (i !== undefined) {
      groups[i].value = isRating ? w.value : groups[i].value + w.value;
      if (!isRating) groups[i].rows = (groups[i].rows ?? 1) + 1;
      continue;
    }
    const type = isRating ? { weight: null, polarity: null } : typeOf(w.kind);
    if (!type) return null;
    at.set(`${w.itemKey}|${w.kind}`, groups.length);
    groups.push({ itemKey: w.itemKey, kind: w.kind, value: w.value, typeWeight: type.weight, polarity: type.polarity, rows: 1 });
  }
  return userState(state.row, groups);
}

/** does the database's fingerprint of a user match the state held? */
export function matches(state: UserState, db: UserFingerprintRow): boolean {
  const f = state.fingerprint;
  return state.row.key === db.key && f.groups === db.groups && f.rows === db.rows && Math.abs(f.sum - db.sum) <= 1e-5 * Math.max(1, Math.abs(db.sum));
}

/**
 * This replica's users, by external id: their row and history, read on first use and then kept
 * exact by the write path (ModelServingService.refreshUsers, the one place that re-reads a history:
 * after a write here before it is acknowledged, after another replica's notification), erasure,
 * and a periodic reconciliation with the database. A read started before a change to the same user
 * must not overwrite what the change stored: `mark()` before reading, `set(…, mark)` after.
 */
export class UserStates {
  private readonly byId = new Map<string, UserState>();
  /** external id → the sequence number of its latest change (a store, a removal) */
  private readonly changedAt = new Map<string, number>();
  private seq = 0;
  /** a clear() drops every read begun before it */
  private clearedAt = 0;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): UserState | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  mark(): number {
    return this.seq;
  }

  /** was this user stored or removed after `mark`? */
  changedSince(id: string, mark: number): boolean {
    return mark < this.clearedAt || (this.changedAt.get(id) ?? 0) > mark;
  }

  /** stores what was read after `mark` (null: the user does not exist), unless the user changed since */
  set(id: string, state: UserState | null, mark: number): boolean {
    if (mark < this.clearedAt || (this.changedAt.get(id) ?? 0) > mark) return false;
    this.changedAt.set(id, ++this.seq);
    if (state) this.byId.set(id, state);
    else this.byId.delete(id);
    this.trim();
    return true;
  }

  /**
   * These users' committed writes: a held state is brought up to date in place of a read (or
   * dropped, to be read on next use, when `apply` cannot tell); reads under way are refused either way.
   */
  applyWrites(id: string, apply: (state: UserState) => UserState | null): void {
    const held = this.byId.get(id);
    const next = held ? apply(held) : null;
    if (next) this.byId.set(id, next);
    else this.byId.delete(id);
    this.changedAt.set(id, ++this.seq);
    this.trim();
  }

  /** these users changed (erased): forget them, and any read of them under way */
  delete(ids: readonly string[]): void {
    for (const id of ids) {
      this.byId.delete(id);
      this.changedAt.set(id, ++this.seq);
    }
    this.trim();
  }

  /** every history may differ (a feedback type's weight changed, items were deleted): read again on use */
  clear(): void {
    this.byId.clear();
    this.changedAt.clear();
    this.clearedAt = ++this.seq;
  }

  /** change marks of users no longer held are needed only while reads of them may be under way */
  private trim(): void {
    if (this.changedAt.size <= 2 * this.byId.size + 10_000) return;
    const keepFrom = this.seq - 10_000;
    for (const [id, s] of this.changedAt) if (!this.byId.has(id) && s < keepFrom) this.changedAt.delete(id);
  }
}
