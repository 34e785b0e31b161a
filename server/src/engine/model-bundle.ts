import { Vocabulary } from './dataset/vocabulary';
import { deserializeModel } from './strategies/registry';
import type { Model } from './types';
import { decodeArtifact, encodeArtifact } from './util/binary';

/**
 * What a model version stores: the engine's artifact plus the id vocabularies it was trained with
 * (dense index ↔ external id) and the catalog facts serving needs per index. A version is
 * self-contained: serving it needs no other snapshot of the data. This format is where training
 * (which writes it) and serving (which reads it) meet; neither imports the other.
 */
export interface ModelBundle {
  model: Model;
  users: Vocabulary;
  items: Vocabulary;
  /** internal item key (items.id) per item index */
  itemKeys: string[];
  titles: string[];
  genres: string[][];
}

interface BundleMeta {
  users: readonly string[];
  items: readonly string[];
  itemKeys: string[];
  titles: string[];
  genres: string[][];
}

export function encodeBundle(b: ModelBundle): Uint8Array {
  const meta: BundleMeta = {
    users: b.users.toArray(),
    items: b.items.toArray(),
    itemKeys: b.itemKeys,
    titles: b.titles,
    genres: b.genres,
  };
  return encodeArtifact(meta, { model: b.model.serialize() });
}

export function decodeBundle(bytes: Uint8Array): ModelBundle {
  const { meta, arrays } = decodeArtifact<BundleMeta>(bytes);
  return {
    model: deserializeModel(arrays.model as Uint8Array),
    users: new Vocabulary(meta.users),
    items: new Vocabulary(meta.items),
    itemKeys: meta.itemKeys,
    titles: meta.titles,
    genres: meta.genres,
  };
}
