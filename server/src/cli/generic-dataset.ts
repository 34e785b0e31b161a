import { DatasetBuilder, type Dataset } from '../engine/dataset/dataset';
import { DEFAULT_FEEDBACK_TYPES, RATING_KIND, signedWeight } from '../engine/dataset/feedback';
import type { ColumnRename } from '../data/importers/generic/column-map';
import { readAll, readEvents, readFeedbackTypes, readItems } from '../data/importers/generic/read-records';
import { declaredKinds, type FeedbackTypeRecord } from '../data/importers/generic/records';
import { timestampSeconds } from '../data/importers/generic/values';

export interface GenericFiles {
  /** the catalog; without it, the items are those the events name */
  items?: string;
  events: string;
  /** declares or re-weights feedback types on top of the defaults */
  feedbackTypes?: string;
  map?: readonly ColumnRename[];
}

export interface GenericDatasetStats {
  events: number;
  /** events of NEUTRAL types: read, not learned from */
  neutralSkipped: number;
}

/**
 * The engine dataset of files in the generic import format, without a database (eval CLI), built the
 * way training builds it from the database: kind 'rating' is an explicit rating, every other event adds
 * its type's signed weight × value (negative types count against the item, neutral ones are skipped).
 * Every catalog item enters the vocabulary, with events or not, as it does once imported.
 */
export async function datasetFromGenericFiles(
  files: GenericFiles,
  onProgress?: (file: string, done: number, total: number) => void,
): Promise<{ dataset: Dataset; stats: GenericDatasetStats }> {
  const fileTypes = files.feedbackTypes ? await readAll<FeedbackTypeRecord>((o) => readFeedbackTypes(files.feedbackTypes!, { ...o, map: files.map })) : [];
  const kinds = declaredKinds(DEFAULT_FEEDBACK_TYPES, fileTypes);
  const b = new DatasetBuilder();
  if (files.items) {
    await readItems(files.items, {
      map: files.map,
      onProgress: (done, total) => onProgress?.(files.items!, done, total),
      onBatch: (items) => {
        for (const it of items) b.items.add(it.id);
      },
    });
  }
  const stats: GenericDatasetStats = { events: 0, neutralSkipped: 0 };
  await readEvents(files.events, kinds, {
    map: files.map,
    onProgress: (done, total) => onProgress?.(files.events, done, total),
    onBatch: (events) => {
      for (const e of events) {
        stats.events++;
        const time = e.timestamp ? timestampSeconds(e.timestamp) : 0;
        if (e.kind === RATING_KIND) {
          b.addRating(e.userId, e.itemId, e.value, time);
          continue;
        }
        const w = signedWeight(kinds.get(e.kind)!, e.value);
        if (w === null) stats.neutralSkipped++;
        else b.addEvent(e.userId, e.itemId, w, time);
      }
    },
  });
  return { dataset: b.build(), stats };
}
