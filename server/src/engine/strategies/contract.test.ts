/**
 * The contract every registered strategy passes (AUTO included): one suite, looped over the registry, on a small
 * seeded dataset with genre structure (users prefer one of four genres and rate it higher).
 */
import { Dataset, DatasetBuilder } from '../dataset/dataset';
import type { Model, ScoredItem } from '../types';
import { createRng } from '../util/random';
import { createStrategy, deserializeModel, strategyNames } from './registry';

const GENRES = 4;
const N_USERS = 80;
const N_ITEMS = 96;
const genreOf = (item: number) => item % GENRES;

/** seeded ratings: each user rates ~24 items, 3/4 of them in a favourite genre, rated higher */
function genreDataset(seed = 1): Dataset {
  const rng = createRng(seed);
  const b = new DatasetBuilder();
  for (let i = 0; i < N_ITEMS; i++) b.items.add(`m${i}`);
  for (let u = 0; u < N_USERS; u++) {
    const fav = u % GENRES;
    const n = u === N_USERS - 1 ? 3 : 16 + Math.floor(rng() * 16); // the last user has a short history
    for (let j = 0; j < n; j++) {
      const inFav = rng() < 0.75;
      const g = inFav ? fav : Math.floor(rng() * GENRES);
      // within a genre, lower item indices are more popular
      const item = g + GENRES * Math.floor(Math.pow(rng(), 2) * (N_ITEMS / GENRES));
      const rating = g === fav ? 4 + Math.round(rng()) : 1 + Math.round(rng() * 2);
      b.addRating(`u${u}`, `m${item}`, rating, 1_600_000_000 + u * 1000 + j);
    }
  }
  b.users.add('ghost'); // a known user with no interactions at all
  return b.build();
}

const data = genreDataset();
const GHOST = data.users.indexOf('ghost');
const SHORT = data.users.indexOf(`u${N_USERS - 1}`);

function seenOf(d: Dataset, u: number): Set<number> {
  const s = new Set<number>();
  for (let p = d.userPtr[u]; p < d.userPtr[u + 1]; p++) s.add(d.userItems[p]);
  return s;
}

function expectValidList(list: ScoredItem[], k: number, never: Set<number>) {
  expect(list.length).toBeLessThanOrEqual(k);
  const items = list.map((s) => s.item);
  expect(new Set(items).size).toBe(items.length);
  for (const s of list) {
    expect(Number.isInteger(s.item)).toBe(true);
    expect(s.item).toBeGreaterThanOrEqual(0);
    expect(s.item).toBeLessThan(data.nItems);
    expect(Number.isFinite(s.score)).toBe(true);
    expect(never.has(s.item)).toBe(false);
  }
  for (let j = 1; j < list.length; j++) expect(list[j - 1].score).toBeGreaterThanOrEqual(list[j].score);
}

describe.each(strategyNames().map((n) => [n]))('strategy contract: %s', (name: string) => {
  let model: Model;
  beforeAll(async () => {
    model = await createStrategy(name).fit(data, { seed: 7 });
  });

  it('reports its name, sizes and that it can score a known user', () => {
    expect(model.strategy).toBe(name);
    expect(model.nItems).toBe(data.nItems);
    expect(model.nUsers).toBeGreaterThanOrEqual(data.nUsers - 1);
    expect(model.canScore(0)).toBe(true);
  });

  it('gives a known user k unseen items, best first', () => {
    for (const u of [0, 1, 2, 3]) {
      const list = model.recommend({ user: u, k: 10 });
      expect(list).toHaveLength(10);
      expectValidList(list, 10, seenOf(data, u));
    }
  });

  it('handles unknown users consistently: canScore false means an empty list', () => {
    for (const u of [-1, data.nUsers, data.nUsers + 50]) {
      const list = model.recommend({ user: u, k: 5 });
      if (model.canScore(u)) expectValidList(list, 5, new Set());
      else expect(list).toEqual([]);
      if (model.predict) {
        const p = model.predict(u, 0);
        expect(Number.isNaN(p) || Number.isFinite(p)).toBe(true);
      }
    }
  });

  it('predicts NaN for unknown items and a rating on the scale for known ones', () => {
    if (!model.predict) return;
    expect(model.predict(0, -1)).toBeNaN();
    expect(model.predict(0, data.nItems)).toBeNaN();
    const p = model.predict(0, 5);
    expect(p).toBeGreaterThanOrEqual(data.minRating);
    expect(p).toBeLessThanOrEqual(data.maxRating);
    expect(model.explain(0, -1)).toBeNull();
  });

  it('copes with a known user who has an empty history', () => {
    const list = model.recommend({ user: GHOST, k: 5 });
    if (model.canScore(GHOST)) expectValidList(list, 5, new Set());
    else expect(list).toEqual([]);
  });

  it('never returns excluded or seen items, whichever form the exclusion takes', () => {
    const first = model.recommend({ user: 1, k: 6 }).map((s) => s.item);
    const asArray = model.recommend({ user: 1, k: 6, exclude: first.slice(0, 3) });
    const asSet = model.recommend({ user: 1, k: 6, exclude: new Set(first) });
    expectValidList(asArray, 6, new Set([...seenOf(data, 1), ...first.slice(0, 3)]));
    expectValidList(asSet, 6, new Set([...seenOf(data, 1), ...first]));
    expect(asSet.length).toBeGreaterThan(0);
  });

  it('respects k, including k larger than the catalog', () => {
    expect(model.recommend({ user: 2, k: 3 })).toHaveLength(3);
    expect(model.recommend({ user: 2, k: 0 })).toEqual([]);
    const all = model.recommend({ user: 2, k: 10_000 });
    const seen = seenOf(data, 2);
    expect(all.length).toBeLessThanOrEqual(data.nItems - seen.size);
    expect(all.length).toBeGreaterThan(10);
    expectValidList(all, data.nItems - seen.size, seen);
  });

  it('respects the filter', () => {
    const filter = (i: number) => genreOf(i) === 2;
    const list = model.recommend({ user: 0, k: 5, filter });
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) expect(genreOf(s.item)).toBe(2);
  });

  it('restores identical scores from its artifact', () => {
    const restored = deserializeModel(model.serialize());
    expect(restored.strategy).toBe(name);
    for (const u of [0, 5, 17, SHORT, GHOST, -1]) {
      expect(restored.canScore(u)).toBe(model.canScore(u));
      expect(restored.recommend({ user: u, k: 8 })).toEqual(model.recommend({ user: u, k: 8 }));
      if (model.predict) for (const i of [0, 3, 40, 95]) expect(restored.predict!(u, i)).toBe(model.predict(u, i));
    }
    expect(restored.similarItems(3, 5)).toEqual(model.similarItems(3, 5));
    expect(restored.serialize()).toEqual(model.serialize());
  });

  it('gives the same model for the same seed', async () => {
    const again = await createStrategy(name).fit(data, { seed: 7 });
    expect(Buffer.from(again.serialize()).equals(Buffer.from(model.serialize()))).toBe(true);
  });

  it('rejects the fit with an AbortError when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(createStrategy(name).fit(data, { seed: 7, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lists similar items without the item itself', () => {
    const sim = model.similarItems(4, 5);
    expect(sim.length).toBeGreaterThan(0);
    expect(sim.length).toBeLessThanOrEqual(5);
    expect(sim.map((s) => s.item)).not.toContain(4);
    expect(model.similarItems(-1, 5)).toEqual([]);
  });

  it('explains a recommendation with a structured reason', () => {
    const top = model.recommend({ user: 0, k: 1 })[0];
    const why = model.explain(0, top.item);
    expect(why).not.toBeNull();
    expect(['because-you-rated', 'similar-users', 'popular', 'latent-taste', 'item-neighbours']).toContain(why!.kind);
  });

  it('foldIn: a newly rated item disappears and the list changes; a new user index works', () => {
    if (!model.foldIn) return;
    const u = 0;
    const before = model.recommend({ user: u, k: 10 });
    const items: number[] = [];
    const ratings: number[] = [];
    for (let p = data.userPtr[u]; p < data.userPtr[u + 1]; p++) {
      items.push(data.userItems[p]);
      ratings.push(data.userRatings[p]);
    }
    // rate the top recommendation and four more items of another genre highly
    const added = [before[0].item, ...before.slice(1).map((s) => s.item).filter((i) => genreOf(i) !== genreOf(before[0].item)).slice(0, 4)];
    const folded = model.foldIn(u, { items: [...items, ...added], ratings: [...ratings, ...added.map(() => 5)] });
    const after = folded.recommend({ user: u, k: 10 });
    expect(after.map((s) => s.item)).not.toContain(before[0].item);
    for (const i of added) expect(after.map((s) => s.item)).not.toContain(i);
    expect(after).not.toEqual(before);
    // the original model is untouched
    expect(model.recommend({ user: u, k: 10 })).toEqual(before);

    const newUser = data.nUsers + 2;
    const fresh = model.foldIn(newUser, { items: [0, 4, 8, 12, 16, 20], ratings: [5, 5, 5, 4, 5, 5] });
    expect(fresh.nUsers).toBeGreaterThanOrEqual(newUser + 1);
    const list = fresh.recommend({ user: newUser, k: 5 });
    if (fresh.canScore(newUser)) {
      expect(list.length).toBeGreaterThan(0);
      expectValidList(list, 5, new Set([0, 4, 8, 12, 16, 20]));
    } else expect(list).toEqual([]);
    // folded state survives the artifact
    const restored = deserializeModel(fresh.serialize());
    expect(restored.recommend({ user: newUser, k: 5 })).toEqual(list);
  });
});
