import { DatasetBuilder } from '../engine/dataset/dataset';
import type { Dataset } from '../engine/dataset/dataset';
import type { MovieLensData } from '../data/importers/movielens/parse';

/**
 * The engine dataset of a parsed MovieLens folder, without a database (eval and bench CLIs).
 * Every movie enters the item vocabulary, rated or not, so the catalog (and catalog coverage) is the
 * whole movie list, as it is once imported. Ids keep their MovieLens text form.
 */
export function datasetFromMovieLens(ml: MovieLensData): Dataset {
  const b = new DatasetBuilder();
  for (const m of ml.movies) b.items.add(m.id);
  // numeric id → dense index caches, so 25M ratings cost a Map lookup each and not a string each
  const userIndex = new Map<number, number>();
  const itemIndex = new Map<number, number>();
  const { count, users, items, values, timestamps } = ml.ratings;
  for (let j = 0; j < count; j++) {
    let u = userIndex.get(users[j]);
    if (u === undefined) userIndex.set(users[j], (u = b.users.add(String(users[j]))));
    let i = itemIndex.get(items[j]);
    if (i === undefined) itemIndex.set(items[j], (i = b.items.add(String(items[j]))));
    b.addIndexed(u, i, values[j], 1, timestamps[j]);
  }
  return b.build();
}
