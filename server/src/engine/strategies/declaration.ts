/**
 * What a registry entry declares about a strategy: everything the rest of the system derives from it
 * (GraphQL enum value and description, `Query.strategies`, AUTO's candidates, config and CLI name
 * checks, training-parameter validation and its messages). Types only, so strategy files and the
 * registry can both use them without importing each other.
 */
import type { Model, Strategy } from '../types';
import type { ParamSpec } from './params';

export interface StrategyEntry {
  /** registry and storage name: the API name lower-cased without underscores ('itemcf') */
  readonly name: string;
  /** GraphQL enum value, upper snake case ('ITEM_CF') */
  readonly apiName: string;
  /** one line, shown in the schema and by clients */
  readonly description: string;
  /** predict() gives ratings on the data's scale (RMSE is measured) */
  readonly predictsRatings: boolean;
  /** recommend() gives a ranked top-N list */
  readonly ranks: boolean;
  /** lists differ per user (popularity's do not) */
  readonly personalized: boolean;
  /** similarItems() gives item-to-item neighbours ("people who liked this also liked"): preferred for similarItems */
  readonly itemToItem?: boolean;
  /** true for AUTO: it chooses among the other entries' served models and is never trained on its own */
  readonly meta?: boolean;
  /** trainable parameters with ranges and defaults; the strategy validates against this same table */
  readonly params: readonly ParamSpec[];
  create(params?: Record<string, unknown>): Strategy;
  deserialize(bytes: Uint8Array): Model;
}

/** the one spelling rule: any case, with or without underscores or hyphens ('ITEM_CF', 'item_cf', 'itemcf') */
export function strategyKey(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[_\-\s]/g, '');
}
