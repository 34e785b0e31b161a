import type { Pool, PoolClient } from 'pg';
import { readTrainingSnapshot } from '../data/repositories/training-snapshot.repository';
import { DatasetBuilder } from '../engine/dataset/dataset';
import { Vocabulary } from '../engine/dataset/vocabulary';
import type { Dataset } from '../engine/dataset/dataset';
import { RATING_KIND, signedWeight, type FeedbackType } from '../engine/dataset/feedback';

/** What serving needs to know about the catalog besides the matrix: by dense item index. */
export interface CatalogSnapshot {
  /** internal bigint key of each item index */
  itemKeys: string[];
  titles: string[];
  genres: string[][];
  /** internal bigint key of each user index */
  userKeys: string[];
}

export interface LoadedData {
  dataset: Dataset;
  catalog: CatalogSnapshot;
  /** the moment the snapshot was read: later writes are folded in when the model is served */
  snapshotAt: Date;
}

/**
 * Turns the database into an engine dataset. Every user and item is in the vocabularies, even with no
 * interactions, so that new items are reachable through popularity. Ids are the external ids.
 * Rows are streamed in batches by a server-side cursor so memory stays flat on large tables.
 */
export async function loadDataset(pool: Pool | { connect(): Promise<PoolClient> }): Promise<LoadedData> {
  const users = new Vocabulary();
  const items = new Vocabulary();
  const userKeys: string[] = [];
  const itemKeys: string[] = [];
  const titles: string[] = [];
  const genres: string[][] = [];
  const userIndexByKey = new Map<string, number>();
  const itemIndexByKey = new Map<string, number>();

  let builder: DatasetBuilder | null = null;
  let types = new Map<string, FeedbackType>();
  const snapshotAt = await readTrainingSnapshot(pool, {
    feedbackTypes(declared) {
      types = new Map(declared.map((t) => [t.name, t]));
    },
    user(key, externalId) {
      userIndexByKey.set(key, users.add(externalId));
      userKeys.push(key);
    },
    item(key, externalId, title, itemGenres) {
      itemIndexByKey.set(key, items.add(externalId));
      itemKeys.push(key);
      titles.push(title);
      genres.push(itemGenres);
    },
    interactions(batch) {
      builder ??= new DatasetBuilder(users, items);
      for (const [uk, ik, kind, value, t] of batch) {
        const ui = userIndexByKey.get(uk)!;
        const ii = itemIndexByKey.get(ik)!;
        if (kind === RATING_KIND) {
          builder.addIndexed(ui, ii, value, 1, t);
          continue;
        }
        // the type's current weight and sign (a changed weight applies from the next training);
        // neutral kinds, and kinds no longer declared, are stored but not learned from
        const type = types.get(kind);
        const w = type ? signedWeight(type, value) : null;
        if (w !== null) builder.addIndexed(ui, ii, NaN, w, t);
      }
    },
  });
  builder ??= new DatasetBuilder(users, items);
  return { dataset: builder.build(), catalog: { itemKeys, titles, genres, userKeys }, snapshotAt };
}
