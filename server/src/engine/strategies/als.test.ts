import { AlsStrategy, deserializeAls, AlsModel } from './als';
import { clusteredImplicit } from './mf/synthetic';
import { ParamError, type FitProgress, type Model } from '../types';
import { DatasetBuilder, type Dataset } from '../dataset/dataset';

const data = clusteredImplicit({ seed: 5 });
const quick = { factors: 8, iterations: 10, regularization: 0.1, alpha: 2 };

/** share of a user's top-k that belongs to their own taste cluster */
function ownClusterShare(model: AlsModel, users: number[], k: number): number {
  let hits = 0;
  let total = 0;
  for (const u of users) {
    for (const r of model.recommend({ user: u, k })) {
      total++;
      if (data.clusterOfItem[r.item] === data.clusterOfUser[u]) hits++;
    }
  }
  return hits / total;
}

describe('AlsStrategy', () => {
  it('lowers its weighted loss and reports every iteration', async () => {
    const seen: FitProgress[] = [];
    await new AlsStrategy(quick).fit(data.train, { seed: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.epoch)).toEqual(Array.from({ length: 10 }, (_, e) => e + 1));
    expect(seen.every((p) => p.stage === 'epoch' && Number.isFinite(p.loss))).toBe(true);
    expect(seen[9].loss!).toBeLessThan(seen[0].loss!);
  });

  it('ranks items of the user\u2019s own taste cluster first (chance would be 1/3)', async () => {
    const model = (await new AlsStrategy(quick).fit(data.train, { seed: 1 })) as AlsModel;
    const users = Array.from({ length: data.train.nUsers }, (_, u) => u);
    expect(ownClusterShare(model, users, 5)).toBeGreaterThan(0.7);
    expect((model as { predict?: unknown }).predict).toBeUndefined();
  });

  it('never returns seen or excluded items and respects k and the filter', async () => {
    const model = await new AlsStrategy(quick).fit(data.train, { seed: 1 });
    const u = 3;
    const seen = new Set(data.train.userItems.subarray(data.train.userPtr[u], data.train.userPtr[u + 1]));
    expect(model.recommend({ user: u, k: 1000 }).length).toBe(data.train.nItems - seen.size);
    const recs = model.recommend({ user: u, k: 4, exclude: new Set([0, 3, 6]), filter: (i) => i < 50 });
    expect(recs.length).toBe(4);
    for (const r of recs) {
      expect(seen.has(r.item)).toBe(false);
      expect([0, 3, 6]).not.toContain(r.item);
      expect(r.item).toBeLessThan(50);
    }
    expect(model.recommend({ user: -1, k: 5 })).toEqual([]);
    expect(model.canScore(data.train.nUsers)).toBe(false);
  });

  it('explains with history items whose contributions sum to the score', async () => {
    const model = (await new AlsStrategy(quick).fit(data.train, { seed: 1 })) as AlsModel;
    const u = 1;
    const top = model.recommend({ user: u, k: 1 })[0];
    const why = model.explain(u, top.item);
    expect(why?.kind).toBe('because-you-rated');
    if (why?.kind !== 'because-you-rated') return;
    const history = new Set(data.train.userItems.subarray(data.train.userPtr[u], data.train.userPtr[u + 1]));
    for (const r of why.items) {
      expect(history.has(r.item)).toBe(true);
      expect(Number.isNaN(r.rating)).toBe(true); // implicit-only history
    }
    const sim = model.similarItems(top.item, 3);
    expect(sim.map((s) => s.item)).not.toContain(top.item);
    expect(data.clusterOfItem[sim[0].item]).toBe(data.clusterOfItem[top.item]);
  });

  it('explains a user again after a fold-in from their new history, not the cached system of the old one', async () => {
    const model = (await new AlsStrategy(quick).fit(data.train, { seed: 1 })) as AlsModel;
    const u = 2;
    const top = model.recommend({ user: u, k: 1 })[0];
    const before = model.explain(u, top.item);
    expect(model.explain(u, top.item)).toEqual(before); // from the cached factorization: the same
    // the user now has a history of other items only: every reason must come from it
    const history = [1, 4, 7, 10].filter((i) => i !== top.item);
    const folded = model.foldIn(u, { items: history, ratings: history.map(() => NaN) });
    const after = folded.explain(u, top.item);
    if (after?.kind !== 'because-you-rated') throw new Error(`expected reasons, got ${JSON.stringify(after)}`);
    for (const r of after.items) expect(history).toContain(r.item);
    expect(model.explain(u, top.item)).toEqual(before); // the original model still explains from its own row
    // and equals a model that never saw a cache (a fresh copy of the folded model)
    expect(deserializeAls(folded.serialize()).explain(u, top.item)).toEqual(after);
  });

  it('folds in a new user from their history: own cluster first, history excluded', async () => {
    const model = (await new AlsStrategy(quick).fit(data.train, { seed: 1 })) as AlsModel;
    const cluster = 2;
    const history = [2, 5, 8, 11, 14, 17];
    expect(history.every((i) => data.clusterOfItem[i] === cluster)).toBe(true);
    const newUser = model.nUsers + 2;
    const folded = model.foldIn(newUser, { items: history, ratings: history.map(() => NaN) });
    expect(folded.nUsers).toBe(newUser + 1);
    expect(folded.canScore(newUser)).toBe(true);
    expect(folded.canScore(model.nUsers)).toBe(false); // the gap between old and new users
    expect(model.canScore(newUser)).toBe(false);
    const recs = folded.recommend({ user: newUser, k: 5 });
    expect(recs.length).toBe(5);
    for (const r of recs) {
      expect(history).not.toContain(r.item);
      expect(data.clusterOfItem[r.item]).toBe(cluster);
    }
    const back = deserializeAls(folded.serialize());
    expect(back.recommend({ user: newUser, k: 5 })).toEqual(recs);
  });

  it('same seed gives identical bytes; serialize → deserialize gives identical scores', async () => {
    const a = await new AlsStrategy(quick).fit(data.train, { seed: 9 });
    const b = await new AlsStrategy(quick).fit(data.train, { seed: 9 });
    const c = await new AlsStrategy(quick).fit(data.train, { seed: 10 });
    expect(Buffer.from(a.serialize()).equals(Buffer.from(b.serialize()))).toBe(true);
    expect(Buffer.from(a.serialize()).equals(Buffer.from(c.serialize()))).toBe(false);
    const back = deserializeAls(a.serialize());
    for (let u = 0; u < data.train.nUsers; u += 7) {
      expect(back.recommend({ user: u, k: 10 })).toEqual(a.recommend({ user: u, k: 10 }));
    }
  });

  it('rejects with an AbortError when aborted, before or during the fit', async () => {
    const before = new AbortController();
    before.abort();
    await expect(new AlsStrategy(quick).fit(data.train, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const iterations: number[] = [];
    const fit = new AlsStrategy(quick).fit(data.train, {
      signal: during.signal,
      onProgress: (p) => {
        iterations.push(p.epoch!);
        if (p.epoch === 3) during.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(iterations).toEqual([1, 2, 3]);
  });

  it('validates its parameters, naming the parameter and the range', () => {
    expect(() => new AlsStrategy({ factors: 1.5 })).toThrow(ParamError);
    expect(() => new AlsStrategy({ regularization: 0 })).toThrow(/regularization.*\(0/);
    expect(() => new AlsStrategy({ alpha: -1 })).toThrow(/alpha/);
    expect(() => new AlsStrategy({ iterations: 0 })).toThrow(/iterations/);
  });

  it('learns a dislike as preference 0 with confidence: the disliked item\u2019s cluster falls for that user, in training and fold-in', async () => {
    /** two clusters of 8 items; user "t" likes a0, a1 and likes (or dislikes, weight -3) a2 */
    const build = (w: number) => {
      const b = new DatasetBuilder();
      for (let u = 0; u < 24; u++) {
        const c = u % 2 ? 'a' : 'b';
        for (let i = 0; i < 8; i++) if ((u + i) % 3 !== 0) b.addEvent(`u${u}`, `${c}${i}`, 1);
      }
      b.addEvent('t', 'a0', 1);
      b.addEvent('t', 'a1', 1);
      b.addEvent('t', 'b0', 1);
      b.addEvent('t', 'a2', w);
      b.addEvent('hater', 'a3', -2);
      return b.build();
    };
    const scoreOfCluster = (m: Model, d: Dataset, user: number) => {
      const list = m.recommend({ user, k: d.nItems });
      return list.filter((s) => d.items.idOf(s.item).startsWith('a')).reduce((x, s) => x + s.score, 0);
    };
    const liked = build(3);
    const disliked = build(-3);
    const mLiked = await new AlsStrategy(quick).fit(liked, { seed: 1 });
    const mDisliked = await new AlsStrategy(quick).fit(disliked, { seed: 1 });
    const t = liked.users.indexOf('t');
    expect(scoreOfCluster(mDisliked, disliked, t)).toBeLessThan(scoreOfCluster(mLiked, liked, t));
    expect(mDisliked.recommend({ user: t, k: 30 }).map((s) => s.item)).not.toContain(disliked.items.indexOf('a2'));
    // nothing but dislikes: nothing to rank from, trained or folded in
    expect(mDisliked.canScore(disliked.users.indexOf('hater'))).toBe(false);
    const folded = mDisliked.foldIn!(99, { items: [0, 1], ratings: [NaN, NaN], weights: [-1, -1] });
    expect(folded.canScore(99)).toBe(false);
    const history = ['a0', 'a1', 'b0', 'a2'].map((id) => liked.items.indexOf(id));
    const foldLiked = mLiked.foldIn!(t, { items: history, ratings: [NaN, NaN, NaN, NaN], weights: [1, 1, 1, 3] });
    const foldDisliked = mLiked.foldIn!(t, { items: history, ratings: [NaN, NaN, NaN, NaN], weights: [1, 1, 1, -3] });
    expect(scoreOfCluster(foldDisliked, liked, t)).toBeLessThan(scoreOfCluster(foldLiked, liked, t));
  });
});
