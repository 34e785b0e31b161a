import type { ItemRow } from '../data/repositories/item.repository';
import type { Repositories } from './repositories';
import { ItemConnection, ItemType } from '../graphql/item/item.type';
import { badInput } from '../graphql/errors';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/pagination';

export interface ListItemsArgs {
  search?: string | null;
  genre?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Catalog reads: paging, search, genres. */
export class CatalogService {
  constructor(private readonly repos: Repositories) {}

  async listItems(args: ListItemsArgs): Promise<ItemConnection> {
    const limit = pageSize(args.first);
    const search = args.search?.trim() || null;
    if (search && search.length > 200) throw badInput('search', '"search" must be at most 200 characters');
    const afterKey = decodeCursor(args.after);
    if (afterKey !== null && !/^\d{1,18}$/.test(afterKey)) throw badInput('after', '"after" is not a valid cursor');
    const filter = { search, genre: args.genre || null };
    const [rows, totalCount] = await Promise.all([
      this.repos.items.page({ ...filter, afterKey, limit }),
      this.repos.items.count(filter),
    ]);
    return toConnection(rows, limit, totalCount);
  }

  ratingDistribution(key: string) {
    return this.repos.items.ratingDistribution(key);
  }

  genres() {
    return this.repos.items.genres();
  }
}

function toConnection(rows: ItemRow[], limit: number, totalCount: number): ItemConnection {
  const page = rows.slice(0, limit);
  const edges = page.map((r) => ({ cursor: encodeCursor(r.key), node: ItemType.from(r) }));
  return Object.assign(new ItemConnection(), {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  });
}
