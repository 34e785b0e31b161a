import DataLoader from 'dataloader';
import type { ItemRow, ItemStatsRow } from '../data/repositories/item.repository';
import type { UserRow } from '../data/repositories/user.repository';
import type { Repositories } from '../services/repositories';

/** Keyed batch loads, one set per request, so a list of N items costs one query per field, not N. */
export interface Loaders {
  itemById: DataLoader<string, ItemRow | null>;
  itemByKey: DataLoader<string, ItemRow | null>;
  itemStats: DataLoader<string, ItemStatsRow>;
  userById: DataLoader<string, UserRow | null>;
  userCounts: DataLoader<string, { ratingCount: number; interactionCount: number }>;
  /** interactions recorded with a kind (0 when none) */
  interactionsOfKind: DataLoader<string, number>;
}

function byField<T, K extends keyof T>(rows: T[], field: K, keys: readonly string[]): (T | null)[] {
  const m = new Map(rows.map((r) => [String(r[field]), r]));
  return keys.map((k) => m.get(k) ?? null);
}

export function createLoaders(repos: Repositories): Loaders {
  return {
    itemById: new DataLoader(async (ids) => byField(await repos.items.byExternalIds(ids), 'id', ids)),
    itemByKey: new DataLoader(async (keys) => byField(await repos.items.byKeys(keys), 'key', keys)),
    itemStats: new DataLoader(async (keys) => {
      const found = byField(await repos.items.stats(keys), 'key', keys);
      return keys.map((key, i) => found[i] ?? { key, ratingCount: 0, averageRating: null, interactionCount: 0 });
    }),
    userById: new DataLoader(async (ids) => byField(await repos.users.byExternalIds(ids), 'id', ids)),
    userCounts: new DataLoader(async (keys) => {
      const found = byField(await repos.users.ratingCounts(keys), 'key', keys);
      return keys.map((_, i) => found[i] ?? { ratingCount: 0, interactionCount: 0 });
    }),
    interactionsOfKind: new DataLoader(async (kinds) => {
      const counts = await repos.feedbackTypes.interactionCounts(kinds);
      return kinds.map((k) => counts.get(k) ?? 0);
    }),
  };
}
