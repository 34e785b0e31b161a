/**
 * Attribution of feedback to the recommendation list it came from (issue 15). A write that names an
 * impressionId is attributed after it is committed; the outcome says what it counted as, and the
 * event is stored whatever the outcome. The rule, decided here once:
 * - the impression must be known (stored: sampled, not pruned) → else UNKNOWN_IMPRESSION;
 * - a list served for a user is attributed only that user's events: another user's event on it is
 *   NOT_IN_IMPRESSION (the list was not shown to them). Lists served without a user (popularItems,
 *   similarItems) take anyone's events;
 * - the event is recorded within ATTRIBUTION_WINDOW_HOURS of the list being served, by the server's
 *   clock at the time of the write (not the caller's occurredAt) → else EXPIRED;
 * - the item is in the list → else NOT_IN_IMPRESSION;
 * - the event is positive (isPositiveFeedback, engine/dataset/feedback.ts) → else NOT_POSITIVE;
 * - then CONVERSION when its feedback type is marked conversion (a conversion is also a click:
 *   both are stored), otherwise CLICK. A click on the same item of the same impression is counted
 *   once however often it is repeated (the outcome still says CLICK).
 */
export type AttributionOutcome = 'CLICK' | 'CONVERSION' | 'UNKNOWN_IMPRESSION' | 'EXPIRED' | 'NOT_IN_IMPRESSION' | 'NOT_POSITIVE';

export interface Attribution {
  outcome: AttributionOutcome;
  impressionId: string;
  /** 1-based position of the item in the impression's list, when it was in it */
  position: number | null;
}

/** one committed event to attribute */
export interface AttributionRequest {
  impressionId: string;
  /** internal keys of the writer and the item */
  userKey: string;
  itemKey: string;
  positive: boolean;
  conversion: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** impression ids are UUIDs: anything else is unknown without asking the database */
export const isImpressionId = (id: string): boolean => UUID.test(id);
