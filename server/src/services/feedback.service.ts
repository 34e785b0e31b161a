import type { PoolClient } from 'pg';
import { eventValueProblem } from '../data/catalog-rules';
import type { InteractionRepository, InteractionRow, NewEvent } from '../data/repositories/interaction.repository';
import type { UserRow } from '../data/repositories/user.repository';
import { FEEDBACK_KIND_PATTERN, RATING_KIND } from '../engine/dataset/feedback';
import { conflict, invalidInput, notFound } from './errors';
import type { FeedbackTypeService } from './feedback-type.service';
import type { Repositories } from './repositories';

export interface EventInput {
  userId: string;
  itemId: string;
  kind: string;
  /** how much of the event (its type's weight multiplies it); default 1 */
  value?: number | null;
  /** deprecated name of value: the same number */
  weight?: number | null;
  occurredAt?: Date | null;
  idempotencyKey?: string | null;
}

export const MAX_BATCH = 1000;
const userMissing = (field: string, id: string) =>
  notFound(`No user has id "${id}" (${field}). Create it first: mutation { createUser(input: { id: "${id}" }) { id } }`, field);
const itemMissing = (field: string, id: string) =>
  notFound(`No item has id "${id}" (${field}). Find ids with items(search: "…").`, field);

/**
 * Writes of feedback. Every write is one transaction; a rejected write changes nothing.
 * `onWrite` lets serving react (freshness) after the commit.
 */
export class FeedbackService {
  onWrite: (userIds: string[]) => Promise<void> = async () => undefined;

  constructor(
    private readonly repos: Repositories,
    private readonly interactions: InteractionRepository,
    private readonly feedbackTypes: FeedbackTypeService,
  ) {}

  async createUser(id: string): Promise<UserRow> {
    const row = await this.repos.users.insert(id);
    if (!row) throw invalidInput('id', `A user with id "${id}" already exists; pick another id or use it as it is.`);
    return row;
  }

  async rateItem(userId: string, itemId: string, rating: number): Promise<InteractionRow> {
    const [user, item] = await this.resolve(userId, itemId, 'userId', 'itemId');
    const row = await this.interactions.upsertRating(user, item, rating);
    await this.fresh([userId]);
    return row;
  }

  async recordInteraction(input: EventInput): Promise<InteractionRow> {
    const event = checkEvent(input, 'input');
    requireDeclared(await this.feedbackTypes.declaredNames([input.kind]), input.kind, 'input.kind');
    const [user, item] = await this.resolve(input.userId, input.itemId, 'userId', 'itemId');
    const row = await this.interactions.insertEvent({ ...event, userKey: user, itemKey: item });
    checkReplay(row, user, item, input, 'idempotencyKey');
    await this.fresh([input.userId]);
    return row;
  }

  /** all or nothing: any bad entry rejects the whole batch, naming its index */
  async recordInteractions(inputs: EventInput[]): Promise<InteractionRow[]> {
    if (inputs.length > MAX_BATCH) throw invalidInput('inputs', `"inputs" may hold at most ${MAX_BATCH} interactions per call, got ${inputs.length}; split the batch`);
    if (!inputs.length) return [];
    const declared = await this.feedbackTypes.declaredNames(new Set(inputs.map((i) => i.kind)));
    const users = await this.repos.users.byExternalIds([...new Set(inputs.map((i) => i.userId))]);
    const items = await this.repos.items.byExternalIds([...new Set(inputs.map((i) => i.itemId))]);
    const userKey = new Map(users.map((u) => [u.id, u.key]));
    const itemKey = new Map(items.map((i) => [i.id, i.key]));
    // entries are checked in order: the error names the first bad one
    const events = inputs.map((input, n): NewEvent => {
      const event = checkEvent(input, `inputs[${n}]`);
      requireDeclared(declared, input.kind, `inputs[${n}].kind`);
      const u = userKey.get(input.userId);
      if (!u) throw userMissing(`inputs[${n}].userId`, input.userId);
      const it = itemKey.get(input.itemId);
      if (!it) throw itemMissing(`inputs[${n}].itemId`, input.itemId);
      return { ...event, userKey: u, itemKey: it };
    });
    const rows = await this.interactions.transaction(async (client: PoolClient) => {
      const out: InteractionRow[] = [];
      for (const [n, e] of events.entries()) {
        const row = await this.interactions.insertEvent(e, client);
        checkReplay(row, e.userKey, e.itemKey, inputs[n], `inputs[${n}].idempotencyKey`);
        out.push(row);
      }
      return out;
    });
    await this.fresh([...new Set(inputs.map((i) => i.userId))]);
    return rows;
  }

  /** the write is committed; a failed refresh must not turn it into an error */
  private async fresh(userIds: string[]): Promise<void> {
    await this.onWrite(userIds).catch(() => undefined);
  }

  private async resolve(userId: string, itemId: string, userField: string, itemField: string): Promise<[string, string]> {
    const [users, items] = await Promise.all([this.repos.users.byExternalIds([userId]), this.repos.items.byExternalIds([itemId])]);
    if (!users[0]) throw userMissing(userField, userId);
    if (!items[0]) throw itemMissing(itemField, itemId);
    return [users[0].key, items[0].key];
  }
}

/** the checks an event passes before any lookup: kind not "rating", value in range, a sane time */
function checkEvent(input: EventInput, path: string): Omit<NewEvent, 'userKey' | 'itemKey'> {
  if (input.kind === RATING_KIND) {
    throw invalidInput(`${path}.kind`, 'kind "rating" is recorded with rateItem (0.5–5 stars); use an implicit kind such as view, click or purchase here');
  }
  const value = eventValue(input, path);
  const occurredAt = input.occurredAt ?? new Date();
  const t = occurredAt.getTime();
  if (!Number.isFinite(t) || t < Date.UTC(1970, 0, 1) || t > Date.now() + 24 * 3600 * 1000) {
    throw invalidInput(`${path}.occurredAt`, 'occurredAt must be a date between 1970 and tomorrow');
  }
  return { kind: input.kind, value, occurredAt, idempotencyKey: input.idempotencyKey ?? null };
}

/** value, or its deprecated alias weight (both may be sent only when equal); 1 when neither is */
function eventValue(input: EventInput, path: string): number {
  const { value, weight } = input;
  if (value != null && weight != null && value !== weight) {
    throw invalidInput(`${path}.weight`, `weight (${weight}) is the deprecated name of value (${value}); send only value`);
  }
  const field = value != null ? 'value' : weight != null ? 'weight' : 'value';
  const v = value ?? weight ?? 1;
  const bad = eventValueProblem(v);
  if (bad) throw invalidInput(`${path}.${field}`, `${path}.${field}: ${bad.message}`);
  return v;
}

function requireDeclared(declared: ReadonlySet<string>, kind: string, field: string): void {
  if (declared.has(kind)) return;
  const name = FEEDBACK_KIND_PATTERN.test(kind) ? kind : 'your_kind';
  throw invalidInput(
    field,
    `kind ${JSON.stringify(kind)} is not a declared feedback type; declared: ${[...declared].sort().join(', ')}. ` +
      `Use one of these, or declare it first with an admin key: mutation { setFeedbackType(input: { name: "${name}", weight: 1, polarity: POSITIVE }) { name } }`,
  );
}

/** a retried key must describe the same event; reusing it for another one is refused */
function checkReplay(row: InteractionRow, userKey: string, itemKey: string, input: EventInput, field: string): void {
  if (row.created) return;
  if (row.userKey !== userKey || row.itemKey !== itemKey || row.kind !== input.kind) {
    throw conflict(`idempotencyKey "${input.idempotencyKey}" was already used for a different interaction; use a new key for a new event`, field);
  }
}
