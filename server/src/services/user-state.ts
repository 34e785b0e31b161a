import type { HistoryRow, UserFingerprintRow, UserRow } from '../data/repositories/user.repository';
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
}

export function userState(row: UserRow, rows: readonly HistoryRow[]): UserState {
  let n = 0;
  let sum = 0;
  for (const r of rows) {
    n += r.rows ?? 1;
    sum += r.value ?? 0;
  }
  return { row, history: signedHistory(rows), fingerprint: { groups: rows.length, rows: n, sum } };
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
