import { DatasetBuilder } from '../dataset/dataset';
import { ParamError } from '../types';
import { deserializeUserCf, UserCfModel, UserCfStrategy, type UserCfParams } from './user-cf';

/**
 * u0: i0=5 i1=3 i2=4        mean 4    deviations  1, -1, 0
 * u1: i0=4 i1=2 i2=3 i3=5   mean 3.5  deviations .5, -1.5, -.5, 1.5
 * u2: i0=1 i1=5 i3=2        mean 8/3  deviations -5/3, 7/3, -2/3
 * u3: i0=5 i1=2 i3=3        mean 10/3 deviations 5/3, -4/3, -1/3
 */
const RATINGS: [number, number, number][] = [
  [0, 0, 5],
  [0, 1, 3],
  [0, 2, 4],
  [1, 0, 4],
  [1, 1, 2],
  [1, 2, 3],
  [1, 3, 5],
  [2, 0, 1],
  [2, 1, 5],
  [2, 3, 2],
  [3, 0, 5],
  [3, 1, 2],
  [3, 3, 3],
];
// Pearson over co-rated items, deviations from each user's overall mean
const SIM_01 = 2 / Math.sqrt(2 * 2.75); // co-rated i0, i1, i2
const SIM_03 = 3 / Math.sqrt(2 * (41 / 9)); // co-rated i0, i1

function tiny() {
  const b = new DatasetBuilder();
  for (let i = 0; i < 4; i++) b.items.add(`i${i}`);
  for (const [u, i, r] of RATINGS) b.addRating(`u${u}`, `i${i}`, r);
  return b.build();
}

const exact: Partial<UserCfParams> = { centring: 'user-mean', shrinkage: 0, minSupport: 1, damping: 0 };
async function fit(params: Partial<UserCfParams>) {
  return (await new UserCfStrategy(params).fit(tiny())) as UserCfModel;
}

describe('UserCfStrategy', () => {
  it('computes mean-centred Pearson similarity over co-rated items', async () => {
    const m = await fit(exact);
    const nb = m.neighboursOf(0);
    // u2 is negatively correlated with u0 and is no neighbour
    expect(nb.map((n) => n.user)).toEqual([3, 1]);
    expect(nb[0].similarity).toBeCloseTo(SIM_03, 5);
    expect(nb[1].similarity).toBeCloseTo(SIM_01, 5);
  });

  it('computes adjusted cosine over whole rows when asked', async () => {
    const m = await fit({ ...exact, similarity: 'cosine' });
    const s01 = m.neighboursOf(0).find((n) => n.user === 1)!.similarity;
    expect(s01).toBeCloseTo(2 / Math.sqrt(2 * 5), 5); // |u1| counts i3 too
  });

  it('weights similarities by support: sim * n / (n + shrinkage)', async () => {
    const m = await fit({ ...exact, shrinkage: 3 });
    const nb = new Map(m.neighboursOf(0).map((n) => [n.user, n.similarity]));
    expect(nb.get(1)).toBeCloseTo(SIM_01 * (3 / 6), 5);
    expect(nb.get(3)).toBeCloseTo(SIM_03 * (2 / 5), 5);
    const strict = await fit({ ...exact, minSupport: 3 });
    expect(strict.neighboursOf(0).map((n) => n.user)).toEqual([1]);
  });

  it('predicts KNNWithMeans: mean + sim-weighted deviations of the k nearest who rated the item', async () => {
    const m = await fit(exact);
    expect(m.predict(0, 3)).toBeCloseTo(4 + (SIM_01 * 1.5 + SIM_03 * (-1 / 3)) / (SIM_01 + SIM_03), 5);
    const k1 = await fit({ ...exact, k: 1 });
    expect(k1.predict(0, 3)).toBeCloseTo(4 - 1 / 3, 5); // only u3, the most similar
    expect(m.predict(0, 9)).toBeNaN();
    expect(m.predict(9, 0)).toBeNaN();
  });

  it('damping adds to the similarity sum, pulling a thinly supported deviation toward the baseline', async () => {
    const m = await fit({ ...exact, damping: 0.5 });
    expect(m.predict(0, 3)).toBeCloseTo(4 + (SIM_01 * 1.5 + SIM_03 * (-1 / 3)) / (SIM_01 + SIM_03 + 0.5), 5);
  });

  it('falls back to the user mean plus a damped item offset when no neighbour rated the item', async () => {
    const m = await fit(exact);
    // u2 disagrees with everyone: no neighbour, so no personalized list, but a baseline prediction
    // of its mean + (u0's deviation 0 + u1's -0.5) / (2 raters + 10)
    expect(m.neighboursOf(2)).toEqual([]);
    expect(m.canScore(2)).toBe(false);
    expect(m.recommend({ user: 2, k: 3 })).toEqual([]);
    expect(m.predict(2, 2)).toBeCloseTo(8 / 3 - 0.5 / 12, 5);
  });

  it("ranks neighbours' unseen items for top-N and explains with neighbours and shared items", async () => {
    const m = await fit(exact);
    const list = m.recommend({ user: 0, k: 5 });
    expect(list.map((s) => s.item)).toEqual([3]); // the only item u0 has not seen
    expect(list[0].score).toBeCloseTo(SIM_01 + SIM_03, 5);
    const why = m.explain(0, 3);
    expect(why).toMatchObject({ kind: 'similar-users', neighbours: 2 });
    // i0 (rated 5 by u0, above its mean) is shared with both neighbours
    expect(why!.kind === 'similar-users' && why!.items[0].item).toBe(0);
  });

  it('uses implicit interactions for neighbours and top-N when the data has no ratings', async () => {
    const b = new DatasetBuilder();
    for (const [u, items] of [
      [0, [0, 1, 2]],
      [1, [0, 1, 3]],
      [2, [4, 5]],
      [3, [4, 5, 6]],
    ] as const) {
      for (const i of items) b.addEvent(`u${u}`, `i${i}`, 1);
    }
    const m = (await new UserCfStrategy({ minSupport: 1 }).fit(b.build())) as UserCfModel;
    expect(m.neighboursOf(0).map((n) => n.user)).toEqual([1]);
    expect(m.recommend({ user: 0, k: 5 }).map((s) => s.item)).toEqual([3]);
    expect(m.recommend({ user: 2, k: 5 }).map((s) => s.item)).toEqual([6]);
    expect(m.predict(0, 3)).toBeNaN(); // no rating scale to predict on
  });

  it("foldIn recomputes only that user's neighbours, also for a new user, and survives the artifact", async () => {
    const m = await fit(exact);
    // a new user who rates exactly like u2 gets u2 as its best neighbour; nobody else changes
    const f = m.foldIn(4, { items: [0, 1, 3], ratings: [1, 5, 2] }) as UserCfModel;
    expect(f.nUsers).toBe(5);
    expect(f.neighboursOf(4)[0]).toMatchObject({ user: 2 });
    expect(f.neighboursOf(4)[0].similarity).toBeCloseTo(1, 5); // identical deviations
    expect(f.neighboursOf(0)).toEqual(m.neighboursOf(0));
    expect(f.recommend({ user: 4, k: 3 }).map((s) => s.item)).toEqual([]); // u2 saw nothing new
    const g = deserializeUserCf(f.serialize());
    expect(g.neighboursOf(4)).toEqual(f.neighboursOf(4));
    expect(g.predict(4, 2)).toBe(f.predict(4, 2));
  });

  it('ranks similar items by asymmetric cosine, so a niche companion beats a popular one', async () => {
    const b = new DatasetBuilder();
    for (const u of ['a', 'b']) for (const i of ['X', 'Y']) b.addRating(u, i, 4);
    for (const u of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) b.addRating(u, 'P', 4);
    for (const u of ['c', 'd']) b.addRating(u, 'Z', 3);
    const d = b.build();
    const m = (await new UserCfStrategy({ minSupport: 1 }).fit(d)) as UserCfModel;
    const [X, Y, P] = ['X', 'Y', 'P'].map((id) => d.items.indexOf(id));
    const sim = m.similarItems(X, 5);
    expect(sim.map((s) => s.item)).toEqual([Y, P]);
    // 2 shared users / (2^0.2 * 2^0.8), damped by 2 / (2 + 20); P's norm is 8
    expect(sim[0].score).toBeCloseTo((2 / 2) * (2 / 22), 10);
    expect(sim[1].score).toBeCloseTo((2 / (Math.pow(2, 0.2) * Math.pow(8, 0.8))) * (2 / 22), 10);
  });

  it('thins columns longer than maxRaters to evenly spaced users for the similarity computation', async () => {
    const b = new DatasetBuilder();
    for (let u = 0; u < 5; u++) {
      b.addRating(`u${u}`, 'X', 5);
      b.addRating(`u${u}`, 'Y', 1);
    }
    const d = b.build();
    const whole = (await new UserCfStrategy({ ...exact, k: 4 }).fit(d)) as UserCfModel;
    expect(whole.neighboursOf(1).map((n) => n.user)).toEqual([0, 2, 3, 4]);
    // 5 raters thinned to 2: positions floor(0 * 5 / 2) = 0 and floor(1 * 5 / 2) = 2
    const thin = (await new UserCfStrategy({ ...exact, k: 4, maxRaters: 2 }).fit(d)) as UserCfModel;
    expect(thin.neighboursOf(0).map((n) => n.user)).toEqual([2]);
    expect(thin.neighboursOf(2).map((n) => n.user)).toEqual([0]);
    expect(thin.neighboursOf(1)).toEqual([]);
    expect(thin.neighboursOf(0)[0].similarity).toBeCloseTo(1, 6);
  });

  it('reports progress and stops with an AbortError when aborted mid-fit', async () => {
    const b = new DatasetBuilder();
    for (let u = 0; u < 600; u++) for (let j = 0; j < 8; j++) b.addRating(`u${u}`, `i${(u * 7 + j * 13) % 50}`, 1 + ((u + j) % 5));
    const d = b.build();
    const stages: number[] = [];
    await new UserCfStrategy().fit(d, { onProgress: (p) => stages.push(p.progress) });
    expect(stages.length).toBeGreaterThan(1);
    expect(stages[stages.length - 1]).toBe(1);
    const ac = new AbortController();
    const fit = new UserCfStrategy().fit(d, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects bad parameters with a ParamError naming them', () => {
    expect(() => new UserCfStrategy({ k: 0 })).toThrow(ParamError);
    expect(() => new UserCfStrategy({ k: 50, pool: 10 })).toThrow(/pool/);
    expect(() => new UserCfStrategy({ similarity: 'jaccard' as never })).toThrow(/similarity/);
    expect(() => new UserCfStrategy({ neighbours: 3 } as never)).toThrow(/neighbours/);
  });
});

describe('UserCfModel with dislikes, erasure and new items', () => {
  /** implicit data: [user, item, weight]; negative weights are dislikes */
  async function implicit(events: [number, number, number][], params: Partial<UserCfParams> = {}) {
    const b = new DatasetBuilder();
    for (let i = 0; i < 8; i++) b.items.add(`i${i}`);
    for (const [u, i, w] of events) b.addEvent(`u${u}`, `i${i}`, w);
    return (await new UserCfStrategy({ minSupport: 1, shrinkage: 0, ...params }).fit(b.build())) as UserCfModel;
  }
  const simOf = (m: UserCfModel, u: number, v: number) => m.neighboursOf(u).find((n) => n.user === v)?.similarity;

  it('shared dislikes make nobody alike; a dislike of what the other likes makes them less alike', async () => {
    const onlyDislikes = await implicit([
      [0, 0, -1],
      [0, 1, -1],
      [1, 0, -1],
      [1, 1, -1],
      [0, 2, 1],
      [1, 3, 1],
    ]);
    expect(onlyDislikes.neighboursOf(0)).toEqual([]);
    const agree = await implicit([
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
      [1, 2, 1],
    ]);
    const disagree = await implicit([
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
      [1, 2, 1],
      [0, 2, -1],
    ]);
    expect(simOf(disagree, 0, 1)!).toBeLessThan(simOf(agree, 0, 1)!);
    for (const similarity of ['pearson', 'cosine'] as const) {
      const a = await implicit(
        [
          [0, 0, 1],
          [0, 1, 1],
          [1, 0, 1],
          [1, 1, 1],
          [1, 2, 1],
        ],
        { similarity },
      );
      const d = await implicit(
        [
          [0, 0, 1],
          [0, 1, 1],
          [1, 0, 1],
          [1, 1, 1],
          [1, 2, 1],
          [0, 2, -1],
        ],
        { similarity },
      );
      expect(simOf(d, 0, 1) ?? 0).toBeLessThan(simOf(a, 0, 1)!);
    }
  });

  it('on rating data a dislike counts as the lowest rating: disliking what a neighbour rated high lowers the similarity', async () => {
    const m = await fit(exact);
    // u1 rated i3 5 (well above its mean); u0 has not met i3
    const before = m.neighboursOf(0).find((n) => n.user === 1)!.similarity;
    const f = m.foldIn(0, { items: [0, 1, 2, 3], ratings: [5, 3, 4, NaN], weights: [1, 1, 1, -2] }) as UserCfModel;
    expect(f.neighboursOf(0).find((n) => n.user === 1)?.similarity ?? 0).toBeLessThan(before);
  });

  it('a neighbour\u2019s dislike votes against the item', async () => {
    // u0 and u1 share i0, i1; u1 likes i2 and dislikes i3; u2 (like u0) likes i3
    const events: [number, number, number][] = [
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
      [1, 2, 1],
      [1, 3, -3],
      [2, 0, 1],
      [2, 3, 1],
    ];
    const m = await implicit(events);
    const list = m.recommend({ user: 0, k: 5 });
    expect(list.map((s) => s.item)).toEqual([2]); // i3: u2's vote is outweighed by u1's dislike
    const liked = await implicit(events.map(([u, i, w]) => [u, i, Math.abs(w)]));
    expect(liked.recommend({ user: 0, k: 5 }).map((s) => s.item)).toContain(3);
  });

  it('forget: nobody keeps the user as a neighbour, folded-in users are recomputed, and a reload gives the same answers', async () => {
    const m = await fit(exact);
    expect(m.neighboursOf(0).map((n) => n.user)).toContain(3);
    const folded = m.foldIn(4, { items: [0, 1, 3], ratings: [5, 2, 3] }) as UserCfModel; // like u3
    expect(folded.neighboursOf(4)[0].user).toBe(3);
    const gone = folded.forget(3);
    for (let v = 0; v < 5; v++) expect(gone.neighboursOf(v).map((n) => n.user)).not.toContain(3);
    expect(gone.neighboursOf(3)).toEqual([]);
    expect(gone.canScore(3)).toBe(false);
    expect(gone.predict(3, 0)).toBeNaN();
    expect(gone.neighboursOf(0).map((n) => n.user)).toEqual([1]); // the rest of u0's list is kept
    const restored = deserializeUserCf(gone.serialize());
    for (let v = 0; v < 5; v++) {
      expect(restored.neighboursOf(v)).toEqual(gone.neighboursOf(v));
      for (let i = 0; i < 4; i++) expect(restored.predict(v, i)).toBe(gone.predict(v, i));
    }
    // the centring keeps what it learned from u3 until retraining, also after a reload
    expect(restored.predict(0, 3)).toBe(gone.predict(0, 3));
  });

  it('accepts items new since training without scoring them', async () => {
    const m = (await fit(exact)).withItems(6);
    expect(m.nItems).toBe(6);
    const f = m.foldIn(0, { items: [0, 1, 2, 5], ratings: [5, 3, 4, 5] }) as UserCfModel;
    // the new item's rating moves u0's mean; it has no column, so it meets nobody
    expect(
      f
        .neighboursOf(0)
        .map((n) => n.user)
        .sort(),
    ).toEqual([1, 3]);
    expect(f.recommend({ user: 0, k: 6 }).map((s) => s.item)).toEqual([3]);
    expect(f.predict(0, 4)).toBeCloseTo(4.25, 10); // no raters, no bias: the user's mean
    expect(f.similarItems(4, 3)).toEqual([]);
    expect(deserializeUserCf(f.serialize()).recommend({ user: 0, k: 6 })).toEqual(f.recommend({ user: 0, k: 6 }));
  });
});
