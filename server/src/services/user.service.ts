import type { RatingRow, UserRow, UserWrite } from '../data/repositories/user.repository';
import { checkBatch, checkUserInput } from './catalog-input';
import { invalidInput, notFound } from './errors';
import { decodeCursor, pageSize, toPage, type Page } from './paging';
import type { Repositories } from './repositories';

/** one explicit rating as listed */
export interface Rating {
  itemKey: string;
  rating: number | null;
  ratedAt: Date;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * Users: rating history pages, id suggestions, upserts and erasure. `onErase` lets this replica's
 * serving forget an erased user at once, before the deletion is answered (other replicas learn of
 * it by the notification the deletion sends on commit).
 */
export class UserService {
  onErase: (userIds: string[]) => void = () => undefined;

  constructor(
    private readonly repos: Repositories,
    /** this process, as named in the notifications it sends */
    private readonly origin: string,
  ) {}

  async ratings(userKey: string, totalCount: number, first?: number | null, after?: string | null): Promise<Page<Rating>> {
    const limit = pageSize(first);
    const raw = decodeCursor(after);
    let position: { at: string; key: string } | null = null;
    if (raw !== null) {
      const [at, key] = raw.split('|');
      // only the ISO form we issue: Date.parse accepts strings PostgreSQL cannot read ("1"), which
      // would reach the query and fail there as an internal error
      if (!key || !/^\d{1,18}$/.test(key) || !ISO_UTC.test(at) || Number.isNaN(Date.parse(at))) {
        throw invalidInput('after', '"after" is not a valid cursor');
      }
      position = { at, key };
    }
    const rows = await this.repos.users.ratingsPage(userKey, limit, position);
    return toPage(rows, limit, totalCount, (r) => `${r.cursorAt}|${r.key}`, toRating);
  }

  suggest(prefix: string, limit: number) {
    return this.repos.users.suggest(prefix, limit);
  }

  /** inserts or updates up to MAX_UPSERT users by id, all or nothing; omitted labels are kept, null clears them */
  async upsertUsers(inputs: readonly UserWrite[]): Promise<UserRow[]> {
    checkBatch(inputs, 'users');
    const users = inputs.map(checkUserInput);
    return users.length ? this.repos.users.upsertMany(users) : [];
  }

  /**
   * Erasure: the user and every interaction of theirs are deleted in one transaction; every served
   * model forgets them (here at once, elsewhere on the notification). Returns the id.
   */
  async deleteUser(id: string): Promise<string> {
    const key = await this.repos.users.deleteByExternalId(id, this.origin);
    if (key === null) throw notFound(`No user has id "${id}"; nothing was deleted.`, 'id');
    this.onErase([id]);
    return id;
  }
}

function toRating(r: RatingRow): Rating {
  return { itemKey: r.itemKey, rating: r.value, ratedAt: r.occurredAt };
}
