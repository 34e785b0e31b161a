import type { RatingRow } from '../data/repositories/user.repository';
import { invalidInput } from './errors';
import { decodeCursor, pageSize, toPage, type Page } from './paging';
import type { Repositories } from './repositories';

/** one explicit rating as listed */
export interface Rating {
  itemKey: string;
  rating: number | null;
  ratedAt: Date;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** User reads: rating history pages and id suggestions. */
export class UserService {
  constructor(private readonly repos: Repositories) {}

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
}

function toRating(r: RatingRow): Rating {
  return { itemKey: r.itemKey, rating: r.value, ratedAt: r.occurredAt };
}
