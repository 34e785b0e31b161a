/**
 * Lines of the generic import format, the inverse of the readers: what the export and the shop
 * generator write, so that reading a written file gives back the same records. Pure string
 * building; the caller streams the lines to a file.
 */
import type { FeedbackType } from '../../../engine/dataset/feedback';
import type { FileKind } from './column-map';
import { csvLine } from './csv';
import { attributeColumn } from './records';
import { COLUMNS, type FileFormat } from './rows';
import { formatAttributeCell, formatTimestamp, LIST_SEPARATOR, type Timestamp } from './values';

/** an item with every field known (as the database holds it) */
export interface FullItem {
  id: string;
  title: string;
  categories: readonly string[];
  description: string | null;
  publishedAt: Timestamp | null;
  hidden: boolean;
  attributes: Readonly<Record<string, unknown>> | null;
}

export interface FullUser {
  id: string;
  labels: readonly string[];
}

export interface FullEvent {
  userId: string;
  itemId: string;
  kind: string;
  value: number;
  timestamp: Timestamp | null;
}

/** the file name an export or generator writes for a kind: items.csv, feedback-types.jsonl… */
export function fileName(kind: FileKind, format: FileFormat): string {
  return `${kind}.${format}`;
}

/**
 * The header line of a CSV file (none for JSON Lines). Items add one column per attribute name, so
 * the writer must know every name first (the export asks the database, the generator knows them).
 */
export function headerLine(kind: FileKind, format: FileFormat, attributeNames: readonly string[] = []): string {
  if (format === 'jsonl') return '';
  const extra = kind === 'items' ? attributeNames.map(attributeColumn) : [];
  return csvLine([...COLUMNS[kind].all, ...extra]);
}

const list = (xs: readonly string[]): string => xs.join(LIST_SEPARATOR);
const time = (t: Timestamp | null): string => (t ? formatTimestamp(t) : '');

export function itemLine(item: FullItem, format: FileFormat, attributeNames: readonly string[] = []): string {
  if (format === 'jsonl') {
    return `${JSON.stringify({
      id: item.id,
      title: item.title,
      categories: item.categories,
      description: item.description,
      published_at: item.publishedAt ? formatTimestamp(item.publishedAt) : null,
      hidden: item.hidden,
      attributes: item.attributes,
    })}\n`;
  }
  const attrs = item.attributes ?? {};
  return csvLine([
    item.id,
    item.title,
    list(item.categories),
    item.description ?? '',
    time(item.publishedAt),
    item.hidden ? 'true' : 'false',
    ...attributeNames.map((name) => (Object.prototype.hasOwnProperty.call(attrs, name) ? formatAttributeCell(attrs[name]) : '')),
  ]);
}

export function userLine(user: FullUser, format: FileFormat): string {
  if (format === 'jsonl') return `${JSON.stringify({ id: user.id, labels: user.labels })}\n`;
  return csvLine([user.id, list(user.labels)]);
}

export function eventLine(e: FullEvent, format: FileFormat): string {
  if (format === 'jsonl') {
    return `${JSON.stringify({ user_id: e.userId, item_id: e.itemId, kind: e.kind, value: e.value, timestamp: e.timestamp ? formatTimestamp(e.timestamp) : null })}\n`;
  }
  return csvLine([e.userId, e.itemId, e.kind, String(e.value), time(e.timestamp)]);
}

/** `conversion` left out (a type declared without it) is an empty cell / no key: the importer then keeps what the database has */
export function feedbackTypeLine(t: FeedbackType & { conversion?: boolean }, format: FileFormat): string {
  if (format === 'jsonl')
    return `${JSON.stringify({ name: t.name, weight: t.weight, polarity: t.polarity, ...(t.conversion === undefined ? {} : { conversion: t.conversion }) })}\n`;
  return csvLine([t.name, String(t.weight), t.polarity, t.conversion === undefined ? '' : String(t.conversion)]);
}
