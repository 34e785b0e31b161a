import type { RatingRow } from '../data/repositories/user.repository';
import { badInput } from '../graphql/errors';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/pagination';
import { RatingConnection, RatingType } from '../graphql/user/user.type';
import type { Repositories } from './repositories';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** User reads: rating history pages and id suggestions. */
export class UserService {
  constructor(private readonly repos: Repositories) {}

  async ratings(userKey: string, totalCount: number, first?: number | null, after?: string | null): Promise<RatingConnection> {
    const limit = pageSize(first);
    const raw = decodeCursor(after);
    let position: { at: string; key: string } | null = null;
    if (raw !== null) {
      const [at, key] = raw.split('|');
      // only the ISO form we issue: Date.parse accepts strings PostgreSQL cannot read ("1"), which
      // would reach the query and fail there as an internal error
      if (!key || !/^\d{1,18}$/.test(key) || !ISO_UTC.test(at) || Number.isNaN(Date.parse(at))) {
        throw badInput('after', '"after" is not a valid cursor');
      }
      position = { at, key };
    }
    const rows = await this.repos.users.ratingsPage(userKey, limit, position);
    const page = rows.slice(0, limit);
    const edges = page.map((r) => ({ cursor: encodeCursor(`${r.cursorAt}|${r.key}`), node: toRating(r) }));
    return Object.assign(new RatingConnection(), {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount,
    });
  }

  suggest(prefix: string, limit: number) {
    return this.repos.users.suggest(prefix, limit);
  }
}

function toRating(r: RatingRow): RatingType {
  return Object.assign(new RatingType(), { itemKey: r.itemKey, rating: r.value, ratedAt: r.occurredAt });
}
