import { registerEnumType } from 'type-graphql';
import { strategyEntries } from '../../engine/strategies/registry';

/**
 * The GraphQL `Strategy` enum, built from the engine's registry: one value per entry (AUTO, the
 * meta-value, included), described by the entry's one line. The object is filled in place when the
 * schema is built (syncStrategyEnum), so a strategy registered before that is in the schema.
 */
export const Strategy: Record<string, string> = {};

const valuesConfig: Record<string, { description: string }> = {};

export function syncStrategyEnum(): void {
  for (const e of strategyEntries()) {
    Strategy[e.apiName] = e.apiName;
    valuesConfig[e.apiName] = { description: e.description };
  }
}

syncStrategyEnum();
registerEnumType(Strategy, { name: 'Strategy', description: 'How recommendations are made (Query.strategies describes each).', valuesConfig });
