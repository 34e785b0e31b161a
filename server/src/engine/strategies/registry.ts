/**
 * Name → strategy lookup table: how to create a strategy from (untrusted) parameters and how to
 * restore a model from its artifact. Adding a strategy is one entry here; callers never branch on names.
 */
import { ParamError, type Model, type Strategy, type StrategyName } from '../types';
import { decodeArtifact } from '../util/binary';
import { AlsStrategy, deserializeAls } from './als';
import { AutoStrategy, deserializeAuto } from './auto';
import { deserializePopularity, PopularityStrategy } from './popularity';
import { deserializeSvd, SvdStrategy } from './svd';
import { deserializeUserCf, UserCfStrategy } from './user-cf';

export interface StrategyEntry {
  create(params?: Record<string, unknown>): Strategy;
  deserialize(bytes: Uint8Array): Model;
}

// arrow functions, not direct references: auto.ts imports this module back, so the referenced
// functions must be looked up when called, not when this table is built
const REGISTRY: Readonly<Record<StrategyName, StrategyEntry>> = {
  popularity: { create: (p) => new PopularityStrategy(p), deserialize: (b) => deserializePopularity(b) },
  usercf: { create: (p) => new UserCfStrategy(p), deserialize: (b) => deserializeUserCf(b) },
  svd: { create: (p) => new SvdStrategy(p), deserialize: (b) => deserializeSvd(b) },
  als: { create: (p) => new AlsStrategy(p), deserialize: (b) => deserializeAls(b) },
  auto: { create: (p) => new AutoStrategy(p), deserialize: (b) => deserializeAuto(b) },
};

export const strategyNames: readonly StrategyName[] = Object.freeze(Object.keys(REGISTRY) as StrategyName[]);

export function isStrategyName(name: string): name is StrategyName {
  return Object.prototype.hasOwnProperty.call(REGISTRY, name);
}

function entry(name: string): StrategyEntry {
  if (!isStrategyName(name)) {
    throw new ParamError('strategy', `unknown strategy '${name}'; allowed: ${strategyNames.join(', ')}`);
  }
  return REGISTRY[name];
}

/** a strategy with validated parameters; throws ParamError naming the bad parameter and its range */
export function createStrategy(name: string, params: Record<string, unknown> = {}): Strategy {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ParamError('params', `${name}: parameters must be an object`);
  }
  return entry(name).create(params);
}

/** restores any registered model from its artifact, dispatching on the artifact's recorded strategy */
export function deserializeModel(bytes: Uint8Array): Model {
  const { meta } = decodeArtifact<{ strategy?: string }>(bytes);
  if (!meta || typeof meta.strategy !== 'string') throw new Error('model artifact names no strategy');
  return entry(meta.strategy).deserialize(bytes);
}
