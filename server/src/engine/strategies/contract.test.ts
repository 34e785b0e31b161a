/**
 * The contract every registered strategy passes (AUTO included): one suite, looped over the registry, on a small
 * seeded dataset with genre structure (users prefer one of four genres and rate it higher).
 * Then the parts of the contract issue 12 added: negative feedback, forget (erasure) and items new since training.
 */
import { Dataset, DatasetBuilder } from '../dataset/dataset';
import type { Model, ScoredItem, UserInteractions } from '../types';
import { decodeArtifact } from '../util/binary';
import { createRng } from '../util/random';
import { createStrategy, deserializeModel, findStrategy, strategyNames } from './registry';

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
    const added = [
      before[0].item,
      ...before
        .slice(1)
        .map((s) => s.item)
        .filter((i) => genreOf(i) !== genreOf(before[0].item))
        .slice(0, 4),
    ];
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

/** a user's training row as a fold-in history, plus extra entries */
function historyOf(d: Dataset, u: number, extra: { item: number; rating?: number; weight: number }[] = []): UserInteractions {
  const items: number[] = [];
  const ratings: number[] = [];
  const weights: number[] = [];
  for (let p = d.userPtr[u]; p < d.userPtr[u + 1]; p++) {
    items.push(d.userItems[p]);
    ratings.push(d.userRatings[p]);
    weights.push(d.userWeights[p]);
  }
  for (const e of extra) {
    items.push(e.item);
    ratings.push(e.rating ?? NaN);
    weights.push(e.weight);
  }
  return { items, ratings, weights };
}

/** the n items most often co-interacted with x in the data (its closest neighbours by co-occurrence), none in `skip` */
function cooccurring(d: Dataset, x: number, skip: Set<number>, n: number): number[] {
  const c = new Map<number, number>();
  for (let q = d.itemPtr[x]; q < d.itemPtr[x + 1]; q++) {
    const u = d.itemUsers[q];
    for (let p = d.userPtr[u]; p < d.userPtr[u + 1]; p++) {
      const j = d.userItems[p];
      if (j !== x && !skip.has(j)) c.set(j, (c.get(j) ?? 0) + 1);
    }
  }
  return [...c]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, n)
    .map((e) => e[0]);
}

/** the genre data plus dislikes: every user dislikes two items of another genre; one user has only dislikes */
function withDislikes(): Dataset {
  const rng = createRng(5);
  const b = new DatasetBuilder(data.users, data.items);
  const owner = data.rowOwners();
  for (let p = 0; p < data.nnz; p++) {
    b.addRating(data.users.idOf(owner[p]), data.items.idOf(data.userItems[p]), data.userRatings[p], data.userTimes[p]);
  }
  for (let u = 0; u < N_USERS; u++) {
    for (let j = 0; j < 2; j++) {
      const g = (u + 1 + j) % GENRES;
      b.addEvent(`u${u}`, `m${g + GENRES * Math.floor(rng() * 6)}`, -2, 1_600_000_500 + u);
    }
  }
  for (const i of [0, 5, 10, 15]) b.addEvent('hater', `m${i}`, -2, 1_600_000_000);
  return b.build();
}

/**
 * What an artifact still holds of a user: names of the per-user arrays whose entry for `user` is not
 * empty (the conventions of InteractionMatrix.toArrays, FactorModel.serialize and AUTO's members).
 */
function traces(bytes: Uint8Array, user: number): string[] {
  const { meta, arrays: a } = decodeArtifact<{ strategy: string; k?: number; headK?: number }>(bytes);
  const out: string[] = [];
  const rowOf = (ptr: string) => {
    const p = a[ptr];
    return p && user + 1 < p.length ? p[user + 1] - p[user] : 0;
  };
  if (rowOf('userPtr')) out.push('userPtr');
  if (rowOf('seenPtr')) out.push('seenPtr');
  if (a.ovUsers && Array.from(a.ovUsers).includes(user)) out.push('ovUsers');
  if (a.userBias?.[user]) out.push('userBias');
  if (a.userTrained?.[user]) out.push('userTrained');
  if (a.lengths?.[user]) out.push('lengths');
  const k = meta.k ?? 0;
  if (a.userFactors?.subarray(user * k, (user + 1) * k).some((x) => x !== 0)) out.push('userFactors');
  const hk = meta.headK ?? 0;
  if (a.headX?.subarray(user * hk, (user + 1) * hk).some((x) => x !== 0)) out.push('headX');
  if (a.nbrCount) {
    if (a.nbrCount[user]) out.push('nbrCount');
    const pool = a.nbrIdx.length / a.nbrCount.length;
    for (let v = 0; v < a.nbrCount.length; v++) {
      if (Array.from(a.nbrIdx.subarray(v * pool, v * pool + a.nbrCount[v])).includes(user)) out.push(`neighbour of ${v}`);
    }
  }
  for (const [name, member] of Object.entries(a)) {
    if (name.startsWith('member')) out.push(...traces(member as Uint8Array, user).map((t) => `${name}.${t}`));
  }
  return out;
}

describe.each(strategyNames().map((n) => [n]))('strategy contract, negative feedback: %s', (name: string) => {
  let model: Model;
  beforeAll(async () => {
    model = await createStrategy(name).fit(data, { seed: 7 });
  });

  /**
   * The user dislikes (NEGATIVE event) the item at the top of their list, X. X leaves their list, and
   * X's closest neighbours (the items most often co-interacted with X) score lower, summed, than when the
   * same user likes X with the same weight instead. Popularity cannot meet the second half: its list is
   * the same for everyone (not personalized), so a user's dislike changes no score; there, and for AUTO
   * when its answer for this user comes from popularity, the scores must be equal instead.
   */
  it('a disliked item leaves the list at once and its neighbours score lower than after a like, or no event at all', () => {
    const u = 0;
    const before = model.recommend({ user: u, k: 10 });
    const x = before[0].item;
    const seen = seenOf(data, u);
    const neighbours = cooccurring(data, x, seen, 3);
    const unseen = model.foldIn!(u, historyOf(data, u)).recommend({ user: u, k: data.nItems });
    const liked = model.foldIn!(u, historyOf(data, u, [{ item: x, weight: 3 }]));
    const disliked = model.foldIn!(u, historyOf(data, u, [{ item: x, weight: -3 }]));
    const pos = liked.recommend({ user: u, k: data.nItems });
    const neg = disliked.recommend({ user: u, k: data.nItems });
    expectValidList(neg, data.nItems, new Set([...seen, x]));
    expect(neg.map((s) => s.item)).not.toContain(x);
    expect(disliked.recommend({ user: u, k: 10 }).map((s) => s.item)).not.toContain(x);
    const scoreIn = (list: ScoredItem[]) => {
      const m = new Map(list.map((s) => [s.item, s.score]));
      // an item missing from the full list is not recommendable at all: lower than any score
      return neighbours.reduce((sum, j) => sum + (m.get(j) ?? -Infinity), 0);
    };
    const source = pos[0]?.source ?? name;
    if (findStrategy(source)!.personalized) {
      for (const j of neighbours) expect(pos.map((s) => s.item)).toContain(j);
      expect(scoreIn(neg)).toBeLessThan(scoreIn(pos));
      // and lower than not having met X at all: the dislike counts against X's look-alikes
      expect(scoreIn(neg)).toBeLessThan(scoreIn(unseen.filter((s) => s.item !== x)));
    } else {
      expect(scoreIn(neg)).toBe(scoreIn(pos));
      expect(scoreIn(neg)).toBe(scoreIn(unseen.filter((s) => s.item !== x)));
    }
  });

  it('survives a history of dislikes only, for a known and a new user', () => {
    const only: UserInteractions = { items: [0, 5, 10], ratings: [NaN, NaN, NaN], weights: [-2, -0.5, -4] };
    for (const u of [3, data.nUsers + 1]) {
      const m = model.foldIn!(u, only);
      const list = m.recommend({ user: u, k: 5 });
      if (m.canScore(u)) expectValidList(list, 5, new Set([0, 5, 10]));
      else expect(list).toEqual([]);
      m.explain(u, 1);
      if (m.predict) expect(Number.isNaN(m.predict(u, 1)) || Number.isFinite(m.predict(u, 1))).toBe(true);
      expect(deserializeModel(m.serialize()).recommend({ user: u, k: 5 })).toEqual(list);
    }
  });

  it('trains on data with dislikes: they stay seen, a dislikes-only user gets no disliked item, the artifact restores it', async () => {
    const d = withDislikes();
    const m = await createStrategy(name).fit(d, { seed: 7 });
    for (const u of [0, 1, 2, d.users.indexOf('hater')]) {
      const list = m.recommend({ user: u, k: 10 });
      if (m.canScore(u)) expectValidList(list, 10, seenOf(d, u));
      else expect(list).toEqual([]);
    }
    const restored = deserializeModel(m.serialize());
    for (const u of [0, 7, d.users.indexOf('hater')]) expect(restored.recommend({ user: u, k: 8 })).toEqual(m.recommend({ user: u, k: 8 }));
    expect(restored.similarItems(4, 5)).toEqual(m.similarItems(4, 5));
  });
});

describe.each(strategyNames().map((n) => [n]))('strategy contract, forget (erasure): %s', (name: string) => {
  let model: Model;
  beforeAll(async () => {
    model = await createStrategy(name).fit(data, { seed: 7 });
  });

  const ANON = -1;
  /** the forgotten user is served exactly as a user the model never saw */
  function expectServedAsNeverSeen(m: Model, u: number) {
    expect(m.canScore(u)).toBe(model.canScore(ANON));
    expect(m.recommend({ user: u, k: 8 })).toEqual(model.recommend({ user: ANON, k: 8 }));
    for (const i of [0, 3, 40]) {
      expect(m.explain(u, i)).toEqual(model.explain(ANON, i));
      if (m.predict) expect(m.predict(u, i)).toEqual(model.predict!(ANON, i));
    }
  }

  it('serves a forgotten trained user as never seen, keeps serving everyone else, and leaves the original untouched', () => {
    const u = 5;
    const before = model.recommend({ user: u, k: 8 });
    const forgotten = model.forget!(u);
    expectServedAsNeverSeen(forgotten, u);
    expect(forgotten.nItems).toBe(model.nItems);
    for (const v of [0, 1, 2, 3]) expectValidList(forgotten.recommend({ user: v, k: 10 }), 10, seenOf(data, v));
    expect(model.recommend({ user: u, k: 8 })).toEqual(before);
  });

  it('stays forgotten in the artifact, which no longer holds their row, factors or neighbour entries', () => {
    const u = 5;
    expect(traces(model.serialize(), u).length).toBeGreaterThan(0);
    const forgotten = model.forget!(u);
    expect(traces(forgotten.serialize(), u)).toEqual([]);
    const restored = deserializeModel(forgotten.serialize());
    expectServedAsNeverSeen(restored, u);
    for (const v of [0, 1, 17, SHORT]) {
      expect(restored.canScore(v)).toBe(forgotten.canScore(v));
      expect(restored.recommend({ user: v, k: 8 })).toEqual(forgotten.recommend({ user: v, k: 8 }));
      if (forgotten.predict) for (const i of [0, 3, 40]) expect(restored.predict!(v, i)).toBe(forgotten.predict(v, i));
    }
    expect(restored.serialize()).toEqual(forgotten.serialize());
  });

  it('forgets a folded-in user too, and takes a forgotten user back through foldIn', () => {
    const fresh = data.nUsers + 3;
    const folded = model.foldIn!(fresh, { items: [0, 4, 8, 12, 16, 20], ratings: [5, 5, 5, 4, 5, 5] });
    const gone = folded.forget!(fresh);
    expectServedAsNeverSeen(gone, fresh);
    expect(traces(gone.serialize(), fresh)).toEqual([]);
    // someone folded in before another user is forgotten keeps being served, identically after a reload
    const both = folded.forget!(5);
    expect(deserializeModel(both.serialize()).recommend({ user: fresh, k: 8 })).toEqual(both.recommend({ user: fresh, k: 8 }));
    const back = model.forget!(5).foldIn!(5, historyOf(data, 5));
    const list = back.recommend({ user: 5, k: 8 });
    if (back.canScore(5)) expectValidList(list, 8, seenOf(data, 5));
    else expect(list).toEqual([]);
    expect(model.forget!(data.nUsers + 50).recommend({ user: 0, k: 5 })).toEqual(model.recommend({ user: 0, k: 5 }));
  });
});

describe.each(strategyNames().map((n) => [n]))('strategy contract, items new since training: %s', (name: string) => {
  let model: Model;
  beforeAll(async () => {
    model = await createStrategy(name).fit(data, { seed: 7 });
  });
  const N = data.nItems;
  const NEW = [N, N + 1, N + 2];
  /** users of genre 0 who bought the new item N (weight 3) and viewed N + 1 (weight 0.5) */
  const BUYERS = [0, 4, 8, 12, 16, 20, 24, 28];
  function grownWithBuyers(): Model {
    let m = model.withItems!(N + 3);
    for (const u of BUYERS)
      m = m.foldIn!(
        u,
        historyOf(data, u, [
          { item: N, weight: 3 },
          { item: N + 1, weight: 0.5 },
        ]),
      );
    return m;
  }

  it('accepts the new indices everywhere without failing, and reports the grown catalog', () => {
    const grown = model.withItems!(N + 3);
    expect(grown.nItems).toBe(N + 3);
    expect(model.nItems).toBe(N);
    expect(() => model.withItems!(N - 1)).toThrow(RangeError);
    const m = grown.foldIn!(
      1,
      historyOf(data, 1, [
        { item: N + 2, weight: 1 },
        { item: N, weight: -2 },
      ]),
    );
    const filter = (i: number) => i % 2 === 0 || i >= N;
    for (const u of [1, 2, data.nUsers + 1]) {
      const list = m.recommend({ user: u, k: 20, exclude: [N + 1, 3], filter });
      for (const s of list) {
        expect(s.item).toBeLessThan(N + 3);
        expect(filter(s.item)).toBe(true);
        expect([N + 1, 3]).not.toContain(s.item);
      }
      m.recommend({ user: u, k: 20, exclude: new Set(NEW) });
      for (const i of NEW) {
        m.explain(u, i);
        if (m.predict) expect(Number.isNaN(m.predict(u, i)) || Number.isFinite(m.predict(u, i))).toBe(true);
      }
    }
    expect(m.recommend({ user: 1, k: N + 3 }).map((s) => s.item)).not.toContain(N + 2);
    for (const i of [...NEW, 4]) for (const s of m.similarItems(i, 5)) expect(s.item).toBeLessThan(N + 3);
    expect(m.similarItems(N + 3, 5)).toEqual([]);
    const restored = deserializeModel(m.serialize());
    expect(restored.nItems).toBe(N + 3);
  });

  it('ranks a new item from the folded-in users who interacted with it (popularity and item-to-item models at once)', () => {
    const m = grownWithBuyers();
    const entry = findStrategy(name)!;
    const anyone = m.recommend({ user: ANONYMOUS, k: N + 3 }).map((s) => s.item);
    // a genre-0 user who did not buy it
    const other = m.foldIn!(32, historyOf(data, 32));
    const theirs = other.recommend({ user: 32, k: N + 3 });
    expectValidList2(theirs, seenOf(data, 32));
    if (!entry.personalized && !entry.meta) {
      // counted like a trained item: the folded-in users whose history holds it (its viewers too), in order
      const list = m.recommend({ user: ANONYMOUS, k: N + 3 });
      const score = new Map(list.map((s) => [s.item, s.score]));
      expect(score.get(N)).toBe(BUYERS.length);
      expect(score.get(N + 1)).toBe(BUYERS.length);
      expect(score.get(N + 2)).toBe(0);
      expect(anyone.indexOf(N)).toBeLessThan(anyone.indexOf(N + 2));
      const trending = (m as Model & { trending(k: number): ScoredItem[] }).trending(N + 3);
      expect(trending.find((s) => s.item === N)!.score).toBe(3 * BUYERS.length);
      expect(trending.find((s) => s.item === N + 1)!.score).toBe(0.5 * BUYERS.length);
    }
    if (entry.itemToItem) {
      // bought by eight genre-0 users: among the first ten for another genre-0 user
      expect(theirs.slice(0, 10).map((s) => s.item)).toContain(N);
      const similar = m.similarItems(N, 5);
      expect(similar.length).toBeGreaterThan(0);
      // its neighbours are what its buyers like: genre 0
      expect(similar.filter((s) => genreOf(s.item) === 0).length).toBeGreaterThanOrEqual(3);
    }
    const restored = deserializeModel(other.serialize());
    expect(restored.recommend({ user: 32, k: 20 })).toEqual(other.recommend({ user: 32, k: 20 }));
    expect(restored.recommend({ user: ANONYMOUS, k: 20 })).toEqual(other.recommend({ user: ANONYMOUS, k: 20 }));
    expect(restored.similarItems(N, 5)).toEqual(other.similarItems(N, 5));
  });
});

const ANONYMOUS = -1;

/** like expectValidList, over a catalog that may have grown */
function expectValidList2(list: ScoredItem[], never: Set<number>) {
  const items = list.map((s) => s.item);
  expect(new Set(items).size).toBe(items.length);
  for (const s of list) {
    expect(Number.isFinite(s.score)).toBe(true);
    expect(never.has(s.item)).toBe(false);
  }
  for (let j = 1; j < list.length; j++) expect(list[j - 1].score).toBeGreaterThanOrEqual(list[j].score);
}
