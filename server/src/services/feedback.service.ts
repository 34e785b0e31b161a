import type { PoolClient } from 'pg';
import { eventValueProblem } from '../data/catalog-rules';
import type { InteractionRepository, InteractionRow, NewEvent } from '../data/repositories/interaction.repository';
import type { UserRow } from '../data/repositories/user.repository';
import { FEEDBACK_KIND_PATTERN, isPositiveFeedback, RATING_KIND } from '../engine/dataset/feedback';
import { conflict, invalidInput, notFound } from './errors';
import type { FeedbackTypeService } from './feedback-type.service';
import type { Repositories } from './repositories';
import { GroupCommitter, settle, type GroupCommitOptions, type GroupUnit, type Outcome } from './group-commit';
import type { CommittedWrite } from './user-state';
import type { Attribution } from './impressions/attribution';
import type { ImpressionService } from './impressions/impression.service';

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
  /** the impression (served list) the event came from: attributed after the write is committed */
  impressionId?: string | null;
}

/** a committed write, with how it was attributed when it named an impression (else null) */
export type AttributedRow = InteractionRow & { attribution: Attribution | null };

export const MAX_BATCH = 1000;
const userMissing = (field: string, id: string) => notFound(`No user has id "${id}" (${field}). Create it first: mutation { createUser(input: { id: "${id}" }) { id } }`, field);
const itemMissing = (field: string, id: string) => notFound(`No item has id "${id}" (${field}). Find ids with items(search: "…").`, field);

/**
 * What this replica holds in memory, so a write resolves its ids without a query and leaves the
 * users' states exact without reading them back (RecommendationService implements it).
 */
export interface WriteMemory {
  /** the internal key of a user held in memory (undefined: not held, ask the database) */
  userKey(userId: string): string | undefined;
  itemKey(itemId: string): string | undefined;
  /** committed writes, by external user id: applied before any of their writers is answered */
  applyCommitted(byUser: ReadonlyMap<string, CommittedWrite[]>): void;
}

/** one write waiting for its group: a rating, or one call's events (a batch is all or nothing) */
type WriteUnit = GroupUnit &
  (
    | { type: 'rating'; userId: string; itemId: string; userKey: string; itemKey: string; rating: number }
    | { type: 'events'; inputs: EventInput[]; events: NewEvent[]; fields: string[] }
  );

/**
 * Writes of feedback. Every write is committed before it is answered, and a rejected write changes
 * nothing. Concurrent ratings and events are committed in groups (group-commit.ts): one transaction
 * per group, each user's state updated once per group; if a group fails, each of its writes is tried
 * alone, so one bad write fails only itself. `onWrite` (after the commit) tells serving and replicas.
 */
export class FeedbackService {
  onWrite: (userIds: string[]) => Promise<void> = async () => undefined;
  memory: WriteMemory | null = null;
  /** attributes writes that name an impression (set by createServices) */
  impressions: ImpressionService | null = null;
  private readonly groups: GroupCommitter<WriteUnit, InteractionRow[]>;

  constructor(
    private readonly repos: Repositories,
    private readonly interactions: InteractionRepository,
    private readonly feedbackTypes: FeedbackTypeService,
    groupOptions: GroupCommitOptions = { waitMs: 2, maxSize: 2000 },
  ) {
    this.groups = new GroupCommitter((units) => this.commitGroup(units), groupOptions);
  }

  /** groups that failed as a whole, each write of them then tried alone */
  private groupsFailed = 0;

  /** groups committed and writes in them since start, and groups that failed and were retried write by write */
  get groupStats(): { groups: number; units: number; failed: number } {
    return { ...this.groups.stats, failed: this.groupsFailed };
  }

  async createUser(id: string): Promise<UserRow> {
    const row = await this.repos.users.insert(id);
    if (!row) throw invalidInput('id', `A user with id "${id}" already exists; pick another id or use it as it is.`);
    return row;
  }

  async rateItem(userId: string, itemId: string, rating: number, impressionId?: string | null): Promise<AttributedRow> {
    const [userKey, itemKey] = await this.resolve(userId, itemId, 'userId', 'itemId');
    const [row] = await this.groups.submit({ type: 'rating', userId, itemId, userKey, itemKey, rating, conflictKeys: [`r|${userKey}|${itemKey}`], size: 1 });
    return (await this.attributed([row], [impressionId]))[0];
  }

  async recordInteraction(input: EventInput): Promise<AttributedRow> {
    const event = checkEvent(input, 'input');
    requireDeclared(await this.feedbackTypes.declaredNames([input.kind]), input.kind, 'input.kind');
    const [userKey, itemKey] = await this.resolve(input.userId, input.itemId, 'userId', 'itemId');
    const [row] = await this.groups.submit(eventsUnit([input], [{ ...event, userKey, itemKey }], ['idempotencyKey']));
    return (await this.attributed([row], [input.impressionId]))[0];
  }

  /** all or nothing: any bad entry rejects the whole batch, naming its index */
  async recordInteractions(inputs: EventInput[]): Promise<AttributedRow[]> {
    return this.attributed(
      await this.recordEvents(inputs),
      inputs.map((i) => i.impressionId),
    );
  }

  /**
   * Committed rows with their attribution where the write named an impression (one statement for
   * all of them). The write is committed already: a failure here is logged by the caller's logger
   * and reported as no attribution, never as a failed write.
   */
  private async attributed(rows: InteractionRow[], impressionIds: readonly (string | null | undefined)[]): Promise<AttributedRow[]> {
    const out: AttributedRow[] = rows.map((r) => ({ ...r, attribution: null }));
    const named = rows.flatMap((row, n) => (impressionIds[n] && this.impressions ? [{ row, n, impressionId: impressionIds[n]! }] : []));
    if (!named.length) return out;
    try {
      const types = await this.feedbackTypes.types(named.map((x) => x.row.kind));
      const answers = await this.impressions!.attribute(
        named.map(({ row, impressionId }) => {
          const type = types.get(row.kind);
          return { impressionId, userKey: row.userKey, itemKey: row.itemKey, positive: isPositiveFeedback(row.kind, row.value, type), conversion: !!type?.conversion };
        }),
      );
      named.forEach((x, i) => (out[x.n].attribution = answers[i]));
    } catch (err) {
      this.onAttributionError(err);
    }
    return out;
  }

  /** an attribution failed after its write was committed (the server logs it) */
  onAttributionError: (err: unknown) => void = () => undefined;

  private async recordEvents(inputs: EventInput[]): Promise<InteractionRow[]> {
    if (inputs.length > MAX_BATCH) throw invalidInput('inputs', `"inputs" may hold at most ${MAX_BATCH} interactions per call, got ${inputs.length}; split the batch`);
    if (!inputs.length) return [];
    const declared = await this.feedbackTypes.declaredNames(new Set(inputs.map((i) => i.kind)));
    const userKey = await this.userKeys([...new Set(inputs.map((i) => i.userId))]);
    const itemKey = await this.itemKeys([...new Set(inputs.map((i) => i.itemId))]);
    // entries are checked in order: the error names the first bad one
    const events = inputs.map((input, n): NewEvent => {
      const event = checkEvent(input, `inputs[${n}]`);
      requireDeclared(declared, input.kind, `inputs[${n}].kind`);
      return { ...event, ...keysOfEntry(input, userKey, itemKey, (field) => `inputs[${n}].${field}`) };
    });
    return this.groups.submit(
      eventsUnit(
        inputs,
        events,
        inputs.map((_, n) => `inputs[${n}].idempotencyKey`),
      ),
    );
  }

  /**
   * One group: its ratings and events in one transaction (each statement covers the whole group),
   * replays checked before the commit. When anything fails, nothing of the group is committed and
   * each unit is tried alone (commitAlone), with its ids resolved again from the database.
   */
  private async commitGroup(units: WriteUnit[]): Promise<Outcome<InteractionRow[]>[]> {
    let results: Outcome<InteractionRow[]>[];
    if (units.length === 1) {
      results = [await settle(this.commitAlone(units[0]))];
    } else {
      try {
        const rows = await this.interactions.transaction(async (client) => {
          const ratings = units.flatMap((u) => (u.type === 'rating' ? [u] : []));
          const events = units.flatMap((u) => (u.type === 'events' ? u.events : []));
          const ratingRows = ratings.length ? await this.interactions.upsertRatings(ratings, client) : [];
          const eventRows = events.length ? await this.interactions.insertEvents(events, client) : [];
          const byPair = new Map(ratingRows.map((r) => [`${r.userKey}|${r.itemKey}`, r]));
          let next = 0;
          return units.map((u) => {
            if (u.type === 'rating') return [byPair.get(`${u.userKey}|${u.itemKey}`)!];
            const rows = eventRows.slice(next, (next += u.events.length));
            // a reused key for another event fails the group: tried alone, only that write fails
            rows.forEach((row, n) => checkReplay(row, u.events[n].userKey, u.events[n].itemKey, u.inputs[n], u.fields[n]));
            return rows;
          });
        });
        results = rows.map((value) => ({ ok: true, value }));
      } catch {
        this.groupsFailed++;
        results = [];
        for (const u of units) results.push(await settle(this.commitAlone(u)));
      }
    }
    await this.committed(units, results);
    return results;
  }

  /** one unit in its own transaction, its ids resolved from the database (the group's may be stale) */
  private async commitAlone(u: WriteUnit): Promise<InteractionRow[]> {
    if (u.type === 'rating') {
      const [user, item] = await this.resolveFromDatabase(u.userId, u.itemId, 'userId', 'itemId');
      return [await this.interactions.upsertRating(user, item, u.rating)];
    }
    const notHeld = () => undefined;
    const userKey = await keysOf([...new Set(u.inputs.map((i) => i.userId))], notHeld, (ids) => this.repos.users.byExternalIds(ids));
    const itemKey = await keysOf([...new Set(u.inputs.map((i) => i.itemId))], notHeld, (ids) => this.repos.items.byExternalIds(ids));
    const events = u.inputs.map((input, n): NewEvent => ({ ...u.events[n], ...keysOfEntry(input, userKey, itemKey, (field) => u.fields[n].replace(/idempotencyKey$/, field)) }));
    return this.interactions.transaction(async (client: PoolClient) => {
      const out: InteractionRow[] = [];
      for (const [n, e] of events.entries()) {
        const row = await this.interactions.insertEvent(e, client);
        checkReplay(row, e.userKey, e.itemKey, u.inputs[n], u.fields[n]);
        out.push(row);
      }
      return out;
    });
  }

  /**
   * After the commit, before anyone is answered: the users held in memory take their writes (so each
   * writer's next list has them), then serving and the other replicas are told. A failure here must
   * not turn committed writes into errors.
   */
  private async committed(units: WriteUnit[], results: Outcome<InteractionRow[]>[]): Promise<void> {
    const byUser = new Map<string, CommittedWrite[]>();
    units.forEach((u, i) => {
      const r = results[i];
      if (!r.ok) return;
      r.value.forEach((row, n) => {
        const userId = u.type === 'rating' ? u.userId : u.inputs[n].userId;
        const list = byUser.get(userId) ?? byUser.set(userId, []).get(userId)!;
        list.push({ userKey: row.userKey, itemKey: row.itemKey, kind: row.kind, value: row.value, created: row.created });
      });
    });
    if (!byUser.size) return;
    try {
      this.memory?.applyCommitted(byUser);
    } catch {
      // what is held of these users may be off now: the reconciliation finds and repairs it
    }
    await this.onWrite([...byUser.keys()]).catch(() => undefined);
  }

  /** a user's and an item's internal keys: from memory when held, else from the database */
  private async resolve(userId: string, itemId: string, userField: string, itemField: string): Promise<[string, string]> {
    const user = this.memory?.userKey(userId);
    const item = this.memory?.itemKey(itemId);
    if (user && item) return [user, item];
    const [u, i] = await this.resolveFromDatabase(userId, itemId, userField, itemField);
    return [user ?? u, item ?? i];
  }

  private async resolveFromDatabase(userId: string, itemId: string, userField: string, itemField: string): Promise<[string, string]> {
    const [users, items] = await Promise.all([this.repos.users.byExternalIds([userId]), this.repos.items.byExternalIds([itemId])]);
    if (!users[0]) throw userMissing(userField, userId);
    if (!items[0]) throw itemMissing(itemField, itemId);
    return [users[0].key, items[0].key];
  }

  private userKeys(ids: string[]): Promise<Map<string, string>> {
    return keysOf(
      ids,
      (id) => this.memory?.userKey(id),
      (missing) => this.repos.users.byExternalIds(missing),
    );
  }

  private itemKeys(ids: string[]): Promise<Map<string, string>> {
    return keysOf(
      ids,
      (id) => this.memory?.itemKey(id),
      (missing) => this.repos.items.byExternalIds(missing),
    );
  }
}

/** an entry's user and item keys from the call's lookups; NOT_FOUND naming the entry's field when missing */
function keysOfEntry(
  input: EventInput,
  userKeys: ReadonlyMap<string, string>,
  itemKeys: ReadonlyMap<string, string>,
  field: (name: string) => string,
): { userKey: string; itemKey: string } {
  const userKey = userKeys.get(input.userId);
  if (!userKey) throw userMissing(field('userId'), input.userId);
  const itemKey = itemKeys.get(input.itemId);
  if (!itemKey) throw itemMissing(field('itemId'), input.itemId);
  return { userKey, itemKey };
}

/** internal keys by external id: from memory where held, the rest in one database read */
async function keysOf(ids: string[], held: (id: string) => string | undefined, read: (missing: string[]) => Promise<{ id: string; key: string }[]>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const id of ids) {
    const key = held(id);
    if (key) out.set(id, key);
    else missing.push(id);
  }
  if (missing.length) for (const r of await read(missing)) out.set(r.id, r.key);
  return out;
}

/**
 * A call's events as one unit; its conflict keys are its idempotency keys, so a retry of the same
 * event waits for the next group and finds the first one committed. (A key repeated within one call
 * is resolved by the statement itself: the second finds the first row, as in a transaction of its own.)
 */
function eventsUnit(inputs: EventInput[], events: NewEvent[], fields: string[]): WriteUnit {
  const keys = events.flatMap((e) => (e.idempotencyKey ? [`k|${e.idempotencyKey}`] : []));
  return { type: 'events', inputs, events, fields, conflictKeys: keys, size: events.length };
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
