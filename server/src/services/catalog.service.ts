import type { ItemRow } from '../data/repositories/item.repository';
import { invalidInput } from './errors';
import { decodeCursor, pageSize, toPage, type Page } from './paging';
import type { Repositories } from './repositories';

export interface ListItemsArgs {
  search?: string | null;
  genre?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Catalog reads: paging, search, genres. */
export class CatalogService {
  constructor(private readonly repos: Repositories) {}

  async listItems(args: ListItemsArgs): Promise<Page<ItemRow>> {
    const limit = pageSize(args.first);
    const search = args.search?.trim() || null;
    if (search && search.length > 200) throw invalidInput('search', '"search" must be at most 200 characters');
    const afterKey = decodeCursor(args.after);
    if (afterKey !== null && !/^\d{1,18}$/.test(afterKey)) throw invalidInput('after', '"after" is not a valid cursor');
    const filter = { search, genre: args.genre || null };
    const [rows, totalCount] = await Promise.all([
      this.repos.items.page({ ...filter, afterKey, limit }),
      this.repos.items.count(filter),
    ]);
    return toPage(rows, limit, totalCount, (r) => r.key, (r) => r);
  }

  ratingDistribution(key: string) {
    return this.repos.items.ratingDistribution(key);
  }

  genres() {
    return this.repos.items.genres();
  }
}
