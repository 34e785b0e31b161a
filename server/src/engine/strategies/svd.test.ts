import { SvdStrategy, deserializeSvd, SvdModel } from './svd';
import { lowRankRatings } from './mf/synthetic';
import { DatasetBuilder } from '../dataset/dataset';
import { createRng } from '../util/random';
import { ParamError, type FitProgress } from '../types';

const data = lowRankRatings({ seed: 3 });
const quick = { factors: 8, epochs: 60, learningRate: 0.01, regularization: 0.02 };

function rmse(pred: (u: number, i: number) => number, cells: { user: number; item: number; rating: number }[]): number {
  return Math.sqrt(cells.reduce((s, c) => s + (pred(c.user, c.item) - c.rating) ** 2, 0) / cells.length);
}

describe('SvdStrategy', () => {
  it('lowers the training loss epoch after epoch and reports every epoch', async () => {
    const seen: FitProgress[] = [];
    await new SvdStrategy(quick).fit(data.train, { seed: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.epoch)).toEqual(Array.from({ length: 60 }, (_, e) => e + 1));
    expect(seen.every((p) => p.stage === 'epoch' && typeof p.loss === 'number')).toBe(true);
    expect(seen[59].progress).toBe(1);
    expect(seen[59].loss!).toBeLessThan(seen[0].loss! * 0.5);
  });

  it('predicts held-out cells of a low-rank matrix better than the global mean', async () => {
    const model = (await new SvdStrategy(quick).fit(data.train, { seed: 1 })) as SvdModel;
    const mean = data.train.globalMean;
    const base = rmse(() => mean, data.heldOut);
    const mf = rmse((u, i) => model.predict(u, i), data.heldOut);
    expect(mf).toBeLessThan(base * 0.7);
  });

  it('clips predictions to the rating scale and answers NaN for items outside the model', async () => {
    const model = (await new SvdStrategy(quick).fit(data.train, { seed: 1 })) as SvdModel;
    for (const c of data.heldOut) {
      const p = model.predict(c.user, c.item);
      expect(p).toBeGreaterThanOrEqual(data.train.minRating);
      expect(p).toBeLessThanOrEqual(data.train.maxRating);
    }
    expect(model.predict(0, data.train.nItems)).toBeNaN();
    expect(model.canScore(data.train.nUsers)).toBe(false);
    expect(model.recommend({ user: data.train.nUsers, k: 5 })).toEqual([]);
  });

  it('same seed gives identical bytes, another seed a different model', async () => {
    const a = (await new SvdStrategy(quick).fit(data.train, { seed: 7 })).serialize();
    const b = (await new SvdStrategy(quick).fit(data.train, { seed: 7 })).serialize();
    const c = (await new SvdStrategy(quick).fit(data.train, { seed: 8 })).serialize();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('serialize → deserialize gives identical predictions and rankings', async () => {
    const model = (await new SvdStrategy(quick).fit(data.train, { seed: 1 })) as SvdModel;
    const back = deserializeSvd(model.serialize());
    for (let u = 0; u < 10; u++) {
      expect(back.recommend({ user: u, k: 10 })).toEqual(model.recommend({ user: u, k: 10 }));
      for (let i = 0; i < data.train.nItems; i++) expect(back.predict(u, i)).toBe(model.predict(u, i));
    }
  });

  it('recommend never returns seen or excluded items, respects k and the filter', async () => {
    const model = await new SvdStrategy(quick).fit(data.train, { seed: 1 });
    const u = 4;
    const seen = new Set(data.train.userItems.subarray(data.train.userPtr[u], data.train.userPtr[u + 1]));
    const all = model.recommend({ user: u, k: 1000 });
    expect(all.length).toBe(data.train.nItems - seen.size);
    const exclude = [all[0].item, all[1].item];
    const recs = model.recommend({ user: u, k: 5, exclude, filter: (i) => i % 2 === 0 });
    expect(recs.length).toBe(5);
    for (const r of recs) {
      expect(seen.has(r.item)).toBe(false);
      expect(exclude).not.toContain(r.item);
      expect(r.item % 2).toBe(0);
    }
    for (let j = 1; j < recs.length; j++) expect(recs[j - 1].score).toBeGreaterThanOrEqual(recs[j].score);
  });

  it('explains with rated items and finds similar items by factor cosine', async () => {
    const model = await new SvdStrategy(quick).fit(data.train, { seed: 1 });
    const top = model.recommend({ user: 2, k: 1 })[0];
    const why = model.explain(2, top.item);
    expect(why?.kind).toBe('because-you-rated');
    if (why?.kind === 'because-you-rated') {
      const rated = new Set(data.train.userItems.subarray(data.train.userPtr[2], data.train.userPtr[3]));
      for (const r of why.items) expect(rated.has(r.item)).toBe(true);
    }
    const sim = model.similarItems(0, 5);
    expect(sim.length).toBe(5);
    expect(sim.map((s) => s.item)).not.toContain(0);
    expect(sim[0].score).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('folds in a new user: their held-out ratings beat the global mean, rated items are excluded', async () => {
    // the last user is left out of training and arrives afterwards with most of their ratings
    const last = data.train.nUsers - 1;
    const owners = data.train.rowOwners();
    const keep = Array.from(owners.keys()).filter((p) => owners[p] !== last);
    const without = data.train.subset(keep);
    const mine = data.all.filter((c) => c.user === last);
    const model = (await new SvdStrategy(quick).fit(without, { seed: 1 })) as SvdModel;
    expect(model.canScore(last)).toBe(false);
    const given = mine.filter((_, j) => j % 4 !== 0);
    const hidden = mine.filter((_, j) => j % 4 === 0);
    const interactions = { items: given.map((c) => c.item), ratings: given.map((c) => c.rating) };
    const folded = model.foldIn(last, interactions);
    expect(folded.canScore(last)).toBe(true);
    expect(model.canScore(last)).toBe(false); // copy-on-write: the original is unchanged
    const mean = without.globalMean;
    expect(rmse((u, i) => folded.predict(u, i), hidden)).toBeLessThan(rmse(() => mean, hidden) * 0.8);
    // a brand-new index grows the model
    const newUser = model.nUsers;
    const grown = folded.foldIn(newUser, interactions);
    expect(grown.nUsers).toBe(newUser + 1);
    expect(grown.recommend({ user: newUser, k: 5 })).toEqual(grown.recommend({ user: last, k: 5 }));
    const recs = grown.recommend({ user: newUser, k: 100 }).map((r) => r.item);
    expect(recs.length).toBeGreaterThan(0);
    for (const c of given) expect(recs).not.toContain(c.item);
    // the folded model still serializes, with the new user inside
    const back = deserializeSvd(grown.serialize());
    expect(back.nUsers).toBe(newUser + 1);
    expect(back.recommend({ user: newUser, k: 5 })).toEqual(grown.recommend({ user: newUser, k: 5 }));
    expect(back.predict(last, hidden[0].item)).toBe(grown.predict(last, hidden[0].item));
  });

  it('stops early on a validation slice when it stops improving', async () => {
    const epochs: number[] = [];
    await new SvdStrategy({ ...quick, epochs: 500, learningRate: 0.05, validationFraction: 0.2, patience: 2 }).fit(data.train, {
      seed: 1,
      onProgress: (p) => epochs.push(p.epoch!),
    });
    expect(epochs.length).toBeLessThan(500);
  });

  it('rejects with an AbortError when aborted, before or during the fit', async () => {
    const before = new AbortController();
    before.abort();
    await expect(new SvdStrategy(quick).fit(data.train, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const epochs: number[] = [];
    const fit = new SvdStrategy(quick).fit(data.train, {
      signal: during.signal,
      onProgress: (p) => {
        epochs.push(p.epoch!);
        if (p.epoch === 2) during.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(epochs).toEqual([1, 2]);
  });

  it('validates its parameters, naming the parameter and the range', () => {
    expect(() => new SvdStrategy({ factors: 0 })).toThrow(ParamError);
    expect(() => new SvdStrategy({ factors: 0 })).toThrow(/factors.*\[1, 1000\]/);
    expect(() => new SvdStrategy({ learningRate: -1 })).toThrow(/learningRate/);
    expect(() => new SvdStrategy({ validationFraction: 0.9 })).toThrow(/validationFraction/);
    expect(() => new SvdStrategy({ factor: 3 } as never)).toThrow(/factor/);
    expect(() => new SvdStrategy({ rankingFactors: -1 })).toThrow(/rankingFactors/);
    expect(() => new SvdStrategy({ rankingIterations: 0 })).toThrow(/rankingIterations/);
    expect(() => new SvdStrategy({ rankingRatingWeight: -0.5 })).toThrow(/rankingRatingWeight/);
  });
});

describe('SvdStrategy ranking head', () => {
  // 30 mainstream items, each user rates a random 70% of them 3 stars; 10 obscure items, each rated
  // 5 stars by a single user. Ranked by predicted rating, the obscure items (positive bias) come
  // first; the ranking head knows that nobody watches them.
  const users = 40;
  const mainstream = 30;
  const b = new DatasetBuilder();
  for (let u = 0; u < users; u++) b.users.add(`u${u}`);
  for (let i = 0; i < mainstream + 10; i++) b.items.add(`i${i}`);
  const rng = createRng(5);
  for (let u = 0; u < users; u++) for (let i = 0; i < mainstream; i++) if (rng() < 0.7) b.addIndexed(u, i, 3, 1, 0);
  for (let o = 0; o < 10; o++) b.addIndexed(o, mainstream + o, 5, 1, 0);
  const ds = b.build();
  const params = { factors: 4, epochs: 30, rankingFactors: 4 };
  const obscureInTop5 = (m: SvdModel, u: number) => m.recommend({ user: u, k: 5 }).filter((r) => r.item >= mainstream).length;

  it('ranks widely rated items above obscure high-rated ones, while predictions stay ratings', async () => {
    const plain = (await new SvdStrategy({ ...params, rankingFactors: 0 }).fit(ds, { seed: 1 })) as SvdModel;
    const ranked = (await new SvdStrategy(params).fit(ds, { seed: 1 })) as SvdModel;
    const u = users - 1; // rated no obscure item
    expect(obscureInTop5(plain, u)).toBeGreaterThan(0);
    expect(obscureInTop5(ranked, u)).toBe(0);
    // the head changes the ranking only: rating predictions are the same model
    for (let i = 0; i < ds.nItems; i++) expect(ranked.predict(u, i)).toBe(plain.predict(u, i));
  });

  it('folds a new user into the head too, and keeps the head through serialize', async () => {
    const model = (await new SvdStrategy(params).fit(ds, { seed: 1 })) as SvdModel;
    const items = [0, 1, 2, 3, 4, 5];
    const folded = model.foldIn(users, { items, ratings: items.map(() => 3) });
    const recs = folded.recommend({ user: users, k: 5 });
    expect(recs.length).toBe(5);
    expect(recs.filter((r) => r.item >= mainstream).length).toBe(0);
    const back = deserializeSvd(folded.serialize());
    expect(back.recommend({ user: users, k: 10 })).toEqual(folded.recommend({ user: users, k: 10 }));
  });
});
