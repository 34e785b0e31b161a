import type { Pool, PoolClient } from 'pg';
import { readTrainingSnapshot } from '../data/repositories/training-snapshot.repository';
import { DatasetBuilder } from '../engine/dataset/dataset';
import { Vocabulary } from '../engine/dataset/vocabulary';
import type { Dataset } from '../engine/dataset/dataset';

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
  const snapshotAt = await readTrainingSnapshot(pool, {
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
      for (const [uk, ik, isRating, value, weight, t] of batch) {
        const ui = userIndexByKey.get(uk)!;
        const ii = itemIndexByKey.get(ik)!;
        builder.addIndexed(ui, ii, isRating ? value! : NaN, isRating ? 1 : weight, t);
      }
    },
  });
  builder ??= new DatasetBuilder(users, items);
  return { dataset: builder.build(), catalog: { itemKeys, titles, genres, userKeys }, snapshotAt };
}
