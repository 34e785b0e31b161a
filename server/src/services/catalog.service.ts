import type { ItemRow, ItemWrite } from '../data/repositories/item.repository';
import { checkBatch, checkItemInput } from './catalog-input';
import { invalidInput, notFound } from './errors';
import { decodeCursor, pageSize, toPage, type Page } from './paging';
import type { Repositories } from './repositories';

export interface ListItemsArgs {
  search?: string | null;
  genre?: string | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The catalog: reads (paging, search, categories) and writes (upsert, delete). A write is one
 * transaction that tells every replica on commit; `onChange` lets this replica's serving follow at
 * once, before the write is answered.
 */
export class CatalogService {
  onChange: (keys: string[]) => Promise<void> = async () => undefined;

  constructor(
    private readonly repos: Repositories,
    /** this process, as named in the notifications it sends */
    private readonly origin: string,
  ) {}

  async listItems(args: ListItemsArgs): Promise<Page<ItemRow>> {
    const limit = pageSize(args.first);
    const search = args.search?.trim() || null;
    if (search && search.length > 200) throw invalidInput('search', '"search" must be at most 200 characters');
    const afterKey = decodeCursor(args.after);
    if (afterKey !== null && !/^\d{1,18}$/.test(afterKey)) throw invalidInput('after', '"after" is not a valid cursor');
    const filter = { search, genre: args.genre || null };
    const [rows, totalCount] = await Promise.all([this.repos.items.page({ ...filter, afterKey, limit }), this.repos.items.count(filter)]);
    return toPage(
      rows,
      limit,
      totalCount,
      (r) => r.key,
      (r) => r,
    );
  }

  ratingDistribution(key: string) {
    return this.repos.items.ratingDistribution(key);
  }

  genres() {
    return this.repos.items.genres();
  }

  /**
   * Inserts or updates up to MAX_UPSERT items by id, all or nothing: the first bad entry is refused
   * (naming inputs[n].field) and nothing is written. Omitted fields keep their value; null clears.
   */
  async upsertItems(inputs: readonly ItemWrite[]): Promise<ItemRow[]> {
    checkBatch(inputs, 'items');
    const items = inputs.map(checkItemInput);
    if (!items.length) return [];
    const rows = await this.repos.items.upsertMany(items, this.origin);
    await this.changed(rows.map((r) => r.key));
    return rows;
  }

  /** deletes the item and every interaction with it; returns its id (NOT_FOUND when there is none) */
  async deleteItem(id: string): Promise<string> {
    const key = await this.repos.items.deleteByExternalId(id, this.origin);
    if (key === null) throw notFound(`No item has id "${id}"; nothing was deleted. Find ids with items(search: "…").`, 'id');
    await this.changed([key]);
    return id;
  }

  /** the write is committed; serving here follows before it is answered (a failure: the next check catches up) */
  private async changed(keys: string[]): Promise<void> {
    await this.onChange(keys).catch(() => undefined);
  }
}
