/**
 * The item form's text fields ↔ an ItemInput for upsertItems. Pure, so every rule is unit-tested:
 * what the browser checks here is only what a person can fix before sending (an empty title, a date
 * that is not one, attributes that are not a JSON object); the server's own limits come back as
 * its BAD_USER_INPUT message.
 */
export interface ItemFormValues {
  id: string;
  title: string;
  /** comma-separated */
  categories: string;
  description: string;
  /** 2024-05-01, 2024, or an ISO 8601 date-time (UTC unless it names an offset) */
  publishedAt: string;
  hidden: boolean;
  /** a JSON object, or empty */
  attributes: string;
}

export type ItemFormField = keyof ItemFormValues;
export type ItemFormErrors = Partial<Record<ItemFormField, string>>;

/** what upsertItems takes (ItemInput): every field stated, so an edit replaces the whole item */
export interface ItemInputValue {
  id: string;
  title: string;
  categories: string[];
  description: string | null;
  publishedAt: string | null;
  hidden: boolean;
  attributes: Record<string, unknown> | null;
}

/** the fields of an Item the form edits */
export interface EditableItem {
  id: string;
  title: string;
  categories: readonly string[];
  description?: string | null;
  publishedAt?: string | null;
  hidden: boolean;
  attributes?: unknown;
}

export const EMPTY_ITEM_FORM: ItemFormValues = {
  id: '',
  title: '',
  categories: '',
  description: '',
  publishedAt: '',
  hidden: false,
  attributes: '',
};

/** a stored moment as the form shows it: the date alone when it is midnight UTC (a year, a release day) */
export function formatPublishedAt(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const full = d.toISOString();
  return full.endsWith('T00:00:00.000Z') ? full.slice(0, 10) : full.replace('.000Z', 'Z');
}

export function itemToForm(item: EditableItem): ItemFormValues {
  const attributes = item.attributes;
  return {
    id: item.id,
    title: item.title,
    categories: item.categories.join(', '),
    description: item.description ?? '',
    publishedAt: formatPublishedAt(item.publishedAt),
    hidden: item.hidden,
    attributes: attributes == null ? '' : JSON.stringify(attributes, null, 2),
  };
}

/** comma-separated categories: trimmed, empty ones dropped, each once (the first spelling kept) */
export function parseCategories(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const c = raw.trim();
    if (!c || seen.has(c.toLowerCase())) continue;
    seen.add(c.toLowerCase());
    out.push(c);
  }
  return out;
}

const DATE_HINT = 'Use a date such as 2024-05-01, a year such as 1980, or a date and time such as 2024-05-01T09:30:00Z.';

/** the form's date text → an ISO 8601 instant; a date or a year means its first moment, UTC */
export function parsePublishedAt(text: string): { value: string | null } | { error: string } {
  const t = text.trim();
  if (!t) return { value: null };
  const m = /^(\d{4})(?:-(\d{2})-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(t);
  if (!m) return { error: `“${t}” is not a date. ${DATE_HINT}` };
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  if (!m[2] && m[4]) return { error: `“${t}” is not a date. ${DATE_HINT}` };
  // the calendar date must exist as written (no 2024-02-30), checked before any offset moves it
  const local = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (local.getUTCFullYear() !== +y || local.getUTCMonth() !== +mo - 1 || local.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    return { error: `“${t}” is not a date on the calendar. ${DATE_HINT}` };
  }
  if (!zone || zone.toUpperCase() === 'Z') return { value: local.toISOString() };
  const parsed = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  if (Number.isNaN(parsed.getTime())) return { error: `“${t}” is not a date. ${DATE_HINT}` };
  return { value: parsed.toISOString() };
}

/** the attributes text → a JSON object, or null when empty */
export function parseAttributes(text: string): { value: Record<string, unknown> | null } | { error: string } {
  const t = text.trim();
  if (!t) return { value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}. Write an object such as {"brand": "Acme", "price": 12.5}.` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: 'Attributes must be a JSON object (between { and }), such as {"brand": "Acme", "price": 12.5}.' };
  }
  return { value: parsed as Record<string, unknown> };
}

/** the form → an ItemInput, or one message per field a person has to fix */
export function parseItemForm(v: ItemFormValues): { input: ItemInputValue } | { errors: ItemFormErrors } {
  const errors: ItemFormErrors = {};
  const id = v.id.trim();
  const title = v.title.trim();
  if (!id) errors.id = 'Give the item an id: yours to choose, such as a product code (it cannot be changed later).';
  if (!title) errors.title = 'Give the item a title.';
  const published = parsePublishedAt(v.publishedAt);
  if ('error' in published) errors.publishedAt = published.error;
  const attributes = parseAttributes(v.attributes);
  if ('error' in attributes) errors.attributes = attributes.error;
  if (Object.keys(errors).length || 'error' in published || 'error' in attributes) return { errors };
  return {
    input: {
      id,
      title,
      categories: parseCategories(v.categories),
      description: v.description.trim() || null,
      publishedAt: published.value,
      hidden: v.hidden,
      attributes: attributes.value,
    },
  };
}
