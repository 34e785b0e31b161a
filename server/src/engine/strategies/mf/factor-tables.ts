/**
 * A factor model's learned numbers as plain tables by dense index, without the training history:
 * what a model written by another engine (Spark MLlib's ALS, `implicit`, Surprise) consists of, and
 * what `npm run model -- export` writes. Both directions meet here, so a model read from tables and
 * written back gives the same tables, and one built from a stored version's tables scores exactly as
 * that version does (same float32 numbers, same arithmetic).
 *
 * Which rows have factors is explicit (`userHas`, `itemHas`): a user without factors cannot be scored
 * (the caller falls back to popularity), an item without factors is never scored.
 */
import type { Model } from '../../types';
import { decodeArtifact } from '../../util/binary';
import { AlsModel, type AlsParamsAll } from '../als';
import { SvdModel, type SvdParams } from '../svd';
import { stateFromArtifact, type FactorState } from './factor-state';

export type FactorStrategy = 'als' | 'svd';

export interface FactorTables {
  strategy: FactorStrategy;
  k: number;
  nUsers: number;
  nItems: number;
  /** nUsers × k; rows of users without factors are zeros */
  userFactors: Float32Array;
  /** 1 when the user has factors */
  userHas: Uint8Array;
  /** SVD: b_u per user (0 where unknown); null for ALS */
  userBias: Float32Array | null;
  /** nItems × k; rows of items without factors are zeros */
  itemFactors: Float32Array;
  itemHas: Uint8Array;
  itemBias: Float32Array | null;
  /** SVD: μ; 0 for ALS */
  globalMean: number;
  /** SVD's ranking head (see svd.ts), null when it has none */
  head: { k: number; userFactors: Float32Array; itemFactors: Float32Array } | null;
  /** the strategy's parameters (fold-in and explanations use them) */
  params: Record<string, unknown>;
}

/** the seen-item rows (never recommended back; explain's evidence) a model is built with */
export type SeenRows = Pick<FactorState, 'seenPtr' | 'seenItems' | 'seenRatings' | 'seenWeights'>;

interface FactorMeta {
  strategy: string;
  params: Record<string, unknown>;
  k: number;
  nUsers: number;
  nItems: number;
  scale?: { mu: number; minRating: number; maxRating: number };
  headK?: number;
}

/** the tables of a stored ALS or SVD model artifact (the model part of a version's bundle) */
export function tablesOfArtifact(bytes: Uint8Array): FactorTables {
  const { meta, arrays } = decodeArtifact<FactorMeta>(bytes);
  if (meta.strategy !== 'als' && meta.strategy !== 'svd') {
    throw new Error(`a ${meta.strategy} model has no factors to export; only ALS and SVD versions have`);
  }
  const s = stateFromArtifact(meta, arrays);
  const svd = meta.strategy === 'svd';
  const hk = svd ? (meta.headK ?? 0) : 0;
  return {
    strategy: meta.strategy,
    k: s.k,
    nUsers: s.nUsers,
    nItems: s.nItems,
    userFactors: s.userFactors,
    userHas: s.userTrained,
    userBias: svd ? s.userBias : null,
    itemFactors: s.itemFactors,
    // ALS scores every item it was trained with; SVD only those that had ratings
    itemHas: svd ? (arrays.itemTrained as Uint8Array) : new Uint8Array(s.nItems).fill(1),
    itemBias: svd ? s.itemBias : null,
    globalMean: svd ? meta.scale!.mu : 0,
    head: hk ? { k: hk, userFactors: arrays.headX as Float32Array, itemFactors: arrays.headY as Float32Array } : null,
    params: meta.params,
  };
}

/**
 * The servable model of these tables, with these seen rows (nUsers + 1 pointers), over a catalog of
 * `catalog` items (≥ nItems; the items beyond have no factors, as items new since training).
 * An ALS model scores every item below nItems: the caller puts the items with factors first.
 */
export function modelOfTables(t: FactorTables, seen: SeenRows, opts: { catalog: number; minRating: number; maxRating: number }): Model {
  if (seen.seenPtr.length !== t.nUsers + 1) throw new RangeError(`seen rows cover ${seen.seenPtr.length - 1} users, the tables ${t.nUsers}`);
  const state: FactorState = {
    k: t.k,
    nUsers: t.nUsers,
    nItems: t.nItems,
    userFactors: t.userFactors,
    itemFactors: t.itemFactors,
    userBias: t.userBias ?? new Float32Array(0),
    itemBias: t.itemBias ?? new Float32Array(0),
    userTrained: t.userHas,
    ...seen,
  };
  if (t.strategy === 'als') {
    return new AlsModel(t.params as unknown as AlsParamsAll, state, undefined, undefined, undefined, opts.catalog);
  }
  const none = new Float32Array(0);
  const head = t.head ? { k: t.head.k, X: t.head.userFactors, Y: t.head.itemFactors } : { k: 0, X: none, Y: none };
  const scale = { mu: t.globalMean, minRating: opts.minRating, maxRating: opts.maxRating };
  return new SvdModel(t.params as unknown as SvdParams, scale, state, t.itemHas, head, undefined, undefined, undefined, undefined, opts.catalog);
}
