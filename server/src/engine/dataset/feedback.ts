/**
 * Typed feedback: what an implicit event of a kind means to the models. The database stores the
 * declared types (table feedback_types, editable by an admin); this module is the one place that
 * says how a type turns an event's value into the signed signal strategies learn from, and which
 * types a fresh installation (and the database-less eval CLI) starts with.
 */
export type FeedbackPolarity = 'positive' | 'negative' | 'neutral';

export interface FeedbackType {
  /** lower-case word, 1–32 letters or "_" (view, add_to_cart…); never "rating" */
  name: string;
  /** how much one event of value 1 counts, > 0 and ≤ 1000 */
  weight: number;
  polarity: FeedbackPolarity;
}

/** the kind of an explicit 0.5–5 rating: not a feedback type, it carries its own value */
export const RATING_KIND = 'rating';

export const FEEDBACK_KIND_PATTERN = /^[a-z][a-z_]{0,31}$/;

/**
 * The types a new database declares (the migration that creates feedback_types inserts exactly
 * these; a test keeps the two equal).
 */
export const DEFAULT_FEEDBACK_TYPES: readonly FeedbackType[] = [
  { name: 'view', weight: 0.5, polarity: 'positive' },
  { name: 'click', weight: 1, polarity: 'positive' },
  { name: 'like', weight: 2, polarity: 'positive' },
  { name: 'share', weight: 2, polarity: 'positive' },
  { name: 'add_to_cart', weight: 2, polarity: 'positive' },
  { name: 'purchase', weight: 3, polarity: 'positive' },
  { name: 'skip', weight: 0.5, polarity: 'negative' },
  { name: 'dislike', weight: 2, polarity: 'negative' },
];

/**
 * The signed confidence an event adds to its (user, item) entry: type weight × value, negative for
 * NEGATIVE types, and null for NEUTRAL ones (stored and counted, never learned from).
 */
export function signedWeight(type: FeedbackType, value: number): number | null {
  if (type.polarity === 'neutral') return null;
  const w = type.weight * value;
  return type.polarity === 'negative' ? -w : w;
}

/** a rating of at least this many stars is a positive event (online attribution counts it as a click) */
export const POSITIVE_RATING = 3.5;

/**
 * Whether an event is for the item — what online attribution counts as a click: a rating of at least
 * POSITIVE_RATING, or an event of a POSITIVE type (the sign signedWeight gives it). An event of an
 * undeclared type is not.
 */
export function isPositiveFeedback(kind: string, value: number, type: FeedbackType | undefined): boolean {
  if (kind === RATING_KIND) return value >= POSITIVE_RATING;
  if (!type) return false;
  return (signedWeight(type, value) ?? 0) > 0;
}
