/**
 * The strategies as the API names them, derived from the engine's registry (never a list of its own):
 * API name ↔ registry name, which ones have a model of their own, which is AUTO, which is the fallback.
 */
import { fallbackEntry, findStrategy, modelEntries, strategyEntries, strategyKey, type StrategyEntry } from '../engine/strategies/registry';
import { invalidInput } from './errors';

/** an API strategy name: a registry entry's apiName ('USER_CF', 'ITEM_CF', 'AUTO', …) */
export type ApiStrategy = string;

/** API names of the strategies trained, versioned and served, in registry order */
export function servedStrategies(): ApiStrategy[] {
  return modelEntries().map((e) => e.apiName);
}

/** the meta-strategy's API name (AUTO) */
export function autoStrategy(): ApiStrategy {
  return strategyEntries().find((e) => e.meta)!.apiName;
}

/** popularity's API name: the answer for users nobody else can score */
export function fallbackStrategy(): ApiStrategy {
  return fallbackEntry().apiName;
}

/** the registry (and storage) name of an API name */
export function engineName(api: ApiStrategy): string {
  return strategyKey(api);
}

/** the API name of a stored registry name; an unregistered name is shown upper-cased */
export function apiName(engine: string): ApiStrategy {
  return findStrategy(engine)?.apiName ?? engine.toUpperCase();
}

/** the entry of a strategy that has a model of its own; AUTO or an unknown name is invalid input */
export function modelStrategy(api: ApiStrategy, field = 'strategy'): StrategyEntry {
  const e = findStrategy(api);
  if (!e || e.meta) {
    const why = e?.meta ? `${api} has no model of its own: it picks, per user, among ${servedStrategies().join(', ')}` : `unknown strategy ${api}`;
    throw invalidInput(field, `${why}; give one of ${servedStrategies().join(', ')}`);
  }
  return e;
}

export interface StrategyParamInfo {
  name: string;
  kind: 'integer' | 'number' | 'choice';
  min: number | null;
  max: number | null;
  minExclusive: boolean;
  default: number | string;
  choices: string[] | null;
  description: string;
}

export interface StrategyInfo {
  name: ApiStrategy;
  description: string;
  personalized: boolean;
  predictsRatings: boolean;
  ranks: boolean;
  /** has a model of its own (trained, versioned, activated); false for AUTO */
  trainable: boolean;
  params: StrategyParamInfo[];
}

/** every strategy as clients see it, in registry order (AUTO last) */
export function describeStrategies(): StrategyInfo[] {
  return strategyEntries().map((e) => ({
    name: e.apiName,
    description: e.description,
    personalized: e.personalized,
    predictsRatings: e.predictsRatings,
    ranks: e.ranks,
    trainable: !e.meta,
    params: e.params.map((p) =>
      p.kind === 'choice'
        ? { name: p.name, kind: p.kind, min: null, max: null, minExclusive: false, default: p.default, choices: [...p.choices], description: p.description }
        : { name: p.name, kind: p.kind, min: p.min, max: p.max, minExclusive: p.minExclusive ?? false, default: p.default, choices: null, description: p.description },
    ),
  }));
}
