import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LineWriter } from '../importers/generic/line-writer';
import type { FileFormat } from '../importers/generic/rows';
import { eventLine, feedbackTypeLine, fileName, headerLine, itemLine, userLine } from '../importers/generic/write-records';
import { shopEvents, type Shop } from './generate-shop';

export interface WrittenShop {
  dir: string;
  files: { items: string; users: string; events: string; feedbackTypes: string };
  counts: { items: number; users: number; events: number; byKind: Record<string, number> };
}

/** Writes a generated shop as items, users, events and feedback-types files of the generic import format. */
export async function writeShop(shop: Shop, dir: string, format: FileFormat = 'csv'): Promise<WrittenShop> {
  mkdirSync(dir, { recursive: true });
  const files = {
    items: join(dir, fileName('items', format)),
    users: join(dir, fileName('users', format)),
    events: join(dir, fileName('events', format)),
    feedbackTypes: join(dir, fileName('feedback-types', format)),
  };
  const attributeNames = [...new Set(shop.items.flatMap((i) => Object.keys(i.attributes ?? {})))];
  const byKind: Record<string, number> = {};
  let events = 0;
  await writeLines(files.feedbackTypes, headerLine('feedback-types', format), shop.feedbackTypes, (t) => feedbackTypeLine(t, format));
  await writeLines(files.items, headerLine('items', format, attributeNames), shop.items, (i) => itemLine(i, format, attributeNames));
  await writeLines(files.users, headerLine('users', format), shop.users, (u) => userLine(u, format));
  await writeLines(files.events, headerLine('events', format), shopEvents(shop), (e) => {
    byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    events++;
    return eventLine(e, format);
  });
  return { dir, files, counts: { items: shop.items.length, users: shop.users.length, events, byKind } };
}

async function writeLines<T>(path: string, header: string, rows: Iterable<T>, line: (row: T) => string): Promise<void> {
  const w = new LineWriter(path);
  try {
    await w.write(header);
    for (const row of rows) await w.write(line(row));
    await w.close();
  } catch (e) {
    w.destroy();
    throw e;
  }
}
