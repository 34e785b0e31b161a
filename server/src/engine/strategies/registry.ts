/**
 * The one list of strategies. Each entry declares its API name, description, capabilities and
 * parameter table (see declaration.ts); schema, config, CLIs, AUTO and tests derive from it.
 * Adding a strategy is its engine file, one entry here and its tests (README: "Add a strategy").
 */
import { ParamError, type Model, type Strategy } from '../types';
import { decodeArtifact } from '../util/binary';
import { ALS_PARAMS, AlsStrategy, deserializeAls } from './als';
import { AUTO_PARAMS, AutoStrategy, deserializeAuto } from './auto';
import { strategyKey, type StrategyEntry } from './declaration';
import { deserializeItemCf, ITEM_CF_PARAMS, ItemCfStrategy } from './item-cf';
import { deserializePopularity, POPULARITY_PARAMS, PopularityStrategy } from './popularity';
import { deserializeSvd, SVD_PARAMS, SvdStrategy } from './svd';
import { deserializeUserCf, USER_CF_PARAMS, UserCfStrategy } from './user-cf';

export { strategyKey, type StrategyEntry } from './declaration';

const ENTRIES: StrategyEntry[] = [];

/**
 * Adds a strategy to the registry. The built-in ones are registered below; tests (and plugins) may
 * add more, before the GraphQL schema is built and before config is read.
 */
export function registerStrategy(entry: StrategyEntry): void {
  if (!/^[A-Z][A-Z0-9_]*$/.test(entry.apiName)) throw new Error(`strategy apiName must be UPPER_SNAKE_CASE, got "${entry.apiName}"`);
  if (entry.name !== strategyKey(entry.apiName)) {
    throw new Error(`strategy name must be its apiName lower-cased without underscores ("${strategyKey(entry.apiName)}"), got "${entry.name}"`);
  }
  if (ENTRIES.some((e) => e.name === entry.name)) throw new Error(`strategy "${entry.apiName}" is already registered`);
  const meta = ENTRIES.findIndex((e) => e.meta);
  // AUTO stays last, so lists read "the strategies, then AUTO"
  if (meta >= 0 && !entry.meta) ENTRIES.splice(meta, 0, Object.freeze(entry));
  else ENTRIES.push(Object.freeze(entry));
}

/** every entry, in declaration order (AUTO last) */
export function strategyEntries(): readonly StrategyEntry[] {
  return ENTRIES;
}

/** the strategies with a model of their own: trained, versioned, served; AUTO's candidates */
export function modelEntries(): readonly StrategyEntry[] {
  return ENTRIES.filter((e) => !e.meta);
}

/** the non-personalized strategy (popularity): the answer for users no model can score */
export function fallbackEntry(): StrategyEntry {
  const f = ENTRIES.find((e) => !e.meta && !e.personalized);
  if (!f) throw new Error('no non-personalized strategy is registered');
  return f;
}

/** registry names, AUTO included */
export function strategyNames(): string[] {
  return ENTRIES.map((e) => e.name);
}

/** the entry a user-typed name means, in any case, with or without underscores; null when none */
export function findStrategy(input: string): StrategyEntry | null {
  const key = strategyKey(input);
  return ENTRIES.find((e) => e.name === key) ?? null;
}

/** as findStrategy, but an unknown name is a ParamError listing the known ones */
export function strategyEntry(input: string): StrategyEntry {
  const e = findStrategy(input);
  if (!e) throw new ParamError('strategy', `unknown strategy '${input}'; known: ${ENTRIES.map((x) => x.apiName).join(', ')}`);
  return e;
}

/** a strategy with validated parameters; throws ParamError naming the bad parameter and its range */
export function createStrategy(name: string, params: Record<string, unknown> = {}): Strategy {
  return strategyEntry(name).create(params);
}

/** restores any registered model from its artifact, dispatching on the artifact's recorded strategy */
export function deserializeModel(bytes: Uint8Array): Model {
  const { meta } = decodeArtifact<{ strategy?: string }>(bytes);
  if (!meta || typeof meta.strategy !== 'string') throw new Error('model artifact names no strategy');
  return strategyEntry(meta.strategy).deserialize(bytes);
}

registerStrategy({
  name: 'popularity',
  apiName: 'POPULARITY',
  description: 'Most popular items (distinct users who interacted); the cold-start answer.',
  predictsRatings: true,
  ranks: true,
  personalized: false,
  params: POPULARITY_PARAMS,
  create: (p) => new PopularityStrategy(p),
  deserialize: deserializePopularity,
});
registerStrategy({
  name: 'usercf',
  apiName: 'USER_CF',
  description: 'User-based collaborative filtering: what people with similar taste liked.',
  predictsRatings: true,
  ranks: true,
  personalized: true,
  params: USER_CF_PARAMS,
  create: (p) => new UserCfStrategy(p),
  deserialize: deserializeUserCf,
});
registerStrategy({
  name: 'itemcf',
  apiName: 'ITEM_CF',
  description: 'Item-based collaborative filtering: items that people who liked yours also liked.',
  predictsRatings: false,
  ranks: true,
  personalized: true,
  itemToItem: true,
  params: ITEM_CF_PARAMS,
  create: (p) => new ItemCfStrategy(p),
  deserialize: deserializeItemCf,
});
registerStrategy({
  name: 'svd',
  apiName: 'SVD',
  description: 'Latent-factor matrix factorization of ratings (biased SVD trained by SGD).',
  predictsRatings: true,
  ranks: true,
  personalized: true,
  params: SVD_PARAMS,
  create: (p) => new SvdStrategy(p),
  deserialize: deserializeSvd,
});
registerStrategy({
  name: 'als',
  apiName: 'ALS',
  description: 'Implicit-feedback matrix factorization (weighted ALS): ranks what you are likely to watch.',
  predictsRatings: false,
  ranks: true,
  personalized: true,
  params: ALS_PARAMS,
  create: (p) => new AlsStrategy(p),
  deserialize: deserializeAls,
});
registerStrategy({
  name: 'auto',
  apiName: 'AUTO',
  meta: true,
  description: 'Per user, the served model that measured best on held-out data for users with a similar history length; else popularity.',
  predictsRatings: true,
  ranks: true,
  personalized: true,
  params: AUTO_PARAMS,
  // candidates are looked up when AUTO is created, so strategies registered later take part too
  create: (p) => new AutoStrategy(p, modelEntries()),
  deserialize: (b) => deserializeAuto(b, deserializeModel),
});
