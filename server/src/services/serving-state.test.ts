import type { CatalogEntryRow } from '../data/repositories/item.repository';
import { DatasetBuilder } from '../engine/dataset/dataset';
import { Vocabulary } from '../engine/dataset/vocabulary';
import { PopularityStrategy } from '../engine/strategies/popularity';
import { UserCfStrategy } from '../engine/strategies/user-cf';
import type { Model } from '../engine/types';
import { CatalogIndex } from './catalog-index';
import { candidateFilter, checkOffset, readFilter } from './list-filter';
import { ServedModel } from './serving-state';

/** The per-replica catalog index and a served model's catalog and erasure bookkeeping, without a database. */
const row = (key: string, id: string, categories: string[] = [], more: Partial<CatalogEntryRow> = {}): CatalogEntryRow => ({
  key,
  id,
  title: `Title ${id}`,
  categories,
  publishedAt: null,
  hidden: false,
  updatedAt: Number(key),
  ...more,
});

async function trained(strategy: 'popularity' | 'usercf'): Promise<{ model: Model; users: Vocabulary; items: Vocabulary }> {
  const b = new DatasetBuilder();
  // u1 rates like u0; only u0 rated i3
  const ratings: Record<string, number[]> = { u0: [5, 4, 2, 5], u1: [5, 4, 2], u2: [1, 2, 5], u3: [4, 5, 1] };
  for (const [u, rs] of Object.entries(ratings)) rs.forEach((r, i) => b.addRating(u, `i${i}`, r));
  const d = b.build();
  const model = strategy === 'popularity' ? await new PopularityStrategy().fit(d) : await new UserCfStrategy({ similarity: 'cosine', k: 2, minSupport: 1, shrinkage: 0 }).fit(d);
  return { model, users: d.users, items: d.items };
}

function served(m: { model: Model; users: Vocabulary; items: Vocabulary }): ServedModel {
  const ids = m.items.toArray();
  return new ServedModel('POPULARITY', '1', m.model, {
    users: m.users,
    items: m.items,
    itemKeys: ids.map((_, i) => String(10 + i)),
    titles: ids.map((id) => `Title ${id}`),
    genres: ids.map(() => []),
  });
}

describe('CatalogIndex', () => {
  it('applies changes by key, counts categories, and grows its generation only on a change', () => {
    const c = new CatalogIndex();
    expect(c.replaceAll([row('10', 'i0', ['Tea']), row('11', 'i1', ['tea', 'Kitchen'])]).sort()).toEqual(['10', '11']);
    expect(c.loaded).toBe(true);
    expect(c.hasCategory('tea')).toBe(true);
    expect(c.describeCategories()).toBe('Kitchen, Tea');
    const g = c.generation;
    expect(c.update(['10'], [row('10', 'i0', ['Tea'])])).toEqual([]); // the same row: no change
    expect(c.generation).toBe(g);
    expect(c.update(['11'], [])).toEqual(['11']); // no row: deleted
    expect(c.hasCategory('kitchen')).toBe(false);
    expect(c.hasCategory('tea')).toBe(true);
    expect(c.updatedAt).toBe(10);
    expect(c.generation).toBe(g + 1);
  });
});

describe('ServedModel and the catalog', () => {
  it('hidden and deleted items are blocked; a new item gets the next index and the model grows to take it', async () => {
    const s = served(await trained('popularity'));
    const c = new CatalogIndex();
    c.replaceAll([row('10', 'i0'), row('11', 'i1', [], { hidden: true }), row('13', 'i3'), row('14', 'new', ['Fresh'])]); // i2 (12) deleted
    s.syncCatalog(c);
    expect([0, 1, 2, 3].map((i) => s.servable(i))).toEqual([true, false, false, true]);
    expect(s.itemIndex('i2')).toBe(-1);
    expect(s.itemIndex('new')).toBe(4);
    expect(s.model.nItems).toBe(5);
    const keep = candidateFilter(s, null);
    const popular = s.model.recommend({ user: -1, k: 10, filter: keep, excludeSeen: false }).map((x) => x.item);
    expect(popular).not.toContain(1);
    expect(popular).not.toContain(2);
    expect(popular).toContain(4); // recommendable at once
    const fresh = candidateFilter(s, readFilter({ categories: ['FRESH'] }, c));
    expect(s.model.recommend({ user: -1, k: 10, filter: fresh, excludeSeen: false }).map((x) => x.item)).toEqual([4]);

    // the deleted id taken again: a new index, not the old item's
    c.update(['15'], [row('15', 'i2')]);
    s.syncCatalog(c, ['15']);
    expect(s.itemIndex('i2')).toBe(5);
    expect(s.servable(2)).toBe(false);
    expect(s.servable(5)).toBe(true);
  });

  it('forgetUser detaches the id and makes the model forget the index; the id taken again starts afresh', async () => {
    const m = await trained('usercf');
    const s = new ServedModel('USER_CF', '1', m.model, { users: m.users, items: m.items, itemKeys: ['10', '11', '12', '13'], titles: [], genres: [[], [], [], []] });
    const u0 = s.userIndex('u0');
    expect(s.model.canScore(s.userIndex('u1'))).toBe(true);
    const before = s.model.recommend({ user: s.userIndex('u1'), k: 5 }).map((x) => x.item);
    expect(before).toContain(3); // only u0 liked i3: u1 gets it through u0 as a neighbour
    expect(s.forgetUser('u0')).toBe(u0);
    expect(s.userIndex('u0')).toBe(-1);
    expect(s.model.canScore(u0)).toBe(false);
    expect(s.model.recommend({ user: s.userIndex('u1'), k: 5 }).map((x) => x.item)).not.toContain(3);
    expect(s.forgetUser('u0')).toBe(-1);
    expect(s.addUser('u0')).toBe(m.users.size); // a new index past every one used
  });
});

describe('list filters', () => {
  it('offset + limit is bounded by 500; categories are checked against the catalog', () => {
    expect(checkOffset(400, 100)).toBe(400);
    expect(() => checkOffset(401, 100)).toThrow(/at most 500/);
    expect(() => checkOffset(-1, 10)).toThrow(/offset/);
    const c = new CatalogIndex();
    c.replaceAll([row('10', 'i0', ['Tea'])]);
    expect(readFilter({}, c)).toBeNull();
    expect(readFilter({ categories: ['TEA', 'tea'], categoryMatch: 'ALL' }, c)).toEqual({ categories: ['tea'], match: 'ALL', publishedAfter: null });
    expect(() => readFilter({ categories: ['Coffee'] }, c)).toThrow(/Unknown category "Coffee"\. Known categories: Tea/);
    expect(() => readFilter({ genre: 'Coffee' }, c)).toThrow(/Unknown genre "Coffee"/);
  });
});
