import { DatasetBuilder } from '../dataset/dataset';
import { ParamError, type Model } from '../types';
import { deserializePopularity, PopularityModel, PopularityStrategy } from './popularity';

const DAY = 86_400;

/** A rated by two users (5, 5), B by two (3, 2), C once (4) plus two implicit events; global mean 3.8 */
function tiny() {
  const b = new DatasetBuilder();
  b.addRating('u0', 'A', 5, 0);
  b.addRating('u0', 'B', 3, 0);
  b.addRating('u1', 'A', 5, 0);
  b.addRating('u1', 'C', 4, 10 * DAY);
  b.addRating('u2', 'B', 2, 0);
  b.addEvent('u2', 'C', 2, 10 * DAY);
  b.addEvent('u3', 'C', 1, 10 * DAY);
  const d = b.build();
  const idx = (id: string) => d.items.indexOf(id);
  return { d, A: idx('A'), B: idx('B'), C: idx('C') };
}

async function fit(params: ConstructorParameters<typeof PopularityStrategy>[0]) {
  const t = tiny();
  return { ...t, model: (await new PopularityStrategy(params).fit(t.d)) as PopularityModel };
}

describe('PopularityStrategy', () => {
  it('ranks by distinct interacting users in count mode', async () => {
    const { model, A, B, C } = await fit({ mode: 'count' });
    expect(model.recommend({ user: -1, k: 3 })).toEqual(
      [
        { item: C, score: 3 },
        { item: A, score: 2 },
        { item: B, score: 2 },
      ].sort((x, y) => y.score - x.score || x.item - y.item),
    );
  });

  it('shrinks mean ratings toward the global mean in bayesian mode', async () => {
    const { model, A, B, C } = await fit({ mode: 'bayesian', damping: 2 });
    const scores = new Map(model.recommend({ user: -1, k: 3 }).map((s) => [s.item, s.score]));
    // (damping * 3.8 + sum) / (damping + n)
    expect(scores.get(A)).toBeCloseTo((2 * 3.8 + 10) / 4, 10);
    expect(scores.get(B)).toBeCloseTo((2 * 3.8 + 5) / 4, 10);
    expect(scores.get(C)).toBeCloseTo((2 * 3.8 + 4) / 3, 10);
    expect(model.recommend({ user: -1, k: 1 })[0].item).toBe(A);
  });

  it('decays interactions by age from the latest event in trending mode', async () => {
    const { model, A, C } = await fit({ mode: 'trending', halfLifeDays: 5 });
    const list = model.recommend({ user: -1, k: 3 });
    const score = new Map(list.map((s) => [s.item, s.score]));
    expect(score.get(C)).toBeCloseTo(1 + 2 + 1, 10); // all at "now": weights 1 (rating) + 2 + 1
    expect(score.get(A)).toBeCloseTo(2 * 0.25, 10); // two ratings, two half-lives old
    // the trending list is there whatever the configured mode
    const count = (await fit({ mode: 'count', halfLifeDays: 5 })).model;
    expect(count.trending(3)).toEqual(list);
    expect(count.trending(3, (i) => i !== C).map((s) => s.item)).not.toContain(C);
  });

  it('predicts global mean + damped item offset + damped user offset, clipped to the scale', async () => {
    const { model, A, B, C, d } = await fit({ damping: 2 });
    const bA = (10 - 2 * 3.8) / 4;
    const bB = (5 - 2 * 3.8) / 4;
    const bC = (4 - 3.8) / 3;
    const bu0 = (5 - 3.8 - bA + (3 - 3.8 - bB)) / 4;
    const u0 = d.users.indexOf('u0');
    expect(model.predict(u0, C)).toBeCloseTo(3.8 + bC + bu0, 10);
    expect(model.predict(-1, A)).toBeCloseTo(3.8 + bA, 10); // unknown user: item baseline
    expect(model.predict(u0, 99)).toBeNaN();
    const optimist = model.foldIn(10, { items: [A, B], ratings: [5, 5] });
    expect(optimist.predict!(10, A)).toBe(5); // 3.8 + 0.6 + a positive offset, clipped
  });

  it("excludes a user's history, scores anyone, and explains with counts and mean rating", async () => {
    const { model, A, C, d } = await fit({ mode: 'count' });
    const u1 = d.users.indexOf('u1');
    expect(model.canScore(-1)).toBe(true);
    expect(model.recommend({ user: u1, k: 5 }).map((s) => s.item)).toEqual([d.items.indexOf('B')]);
    expect(model.explain(u1, A)).toEqual({ kind: 'popular', interactions: 2, trending: true, averageRating: 5 });
    expect(model.explain(u1, C)).toMatchObject({ kind: 'popular', interactions: 3, averageRating: 4 });
  });

  it('finds co-interacted items as similar items', async () => {
    const { model, A, B, C } = await fit({});
    // A's users: u0 (A, B) and u1 (A, C): both co-occur once
    expect(
      model
        .similarItems(A, 5)
        .map((s) => s.item)
        .sort(),
    ).toEqual([B, C].sort());
    expect(model.similarItems(A, 5).map((s) => s.item)).not.toContain(A);
  });

  it('round-trips folded users through its artifact', async () => {
    const { model, A } = await fit({ mode: 'bayesian' });
    const folded = model.foldIn(7, { items: [A], ratings: [1] });
    const restored = deserializePopularity(folded.serialize());
    expect(restored.nUsers).toBe(8);
    expect(restored.recommend({ user: 7, k: 5 })).toEqual(folded.recommend({ user: 7, k: 5 }));
    expect(restored.predict(7, A)).toBe(folded.predict!(7, A));
  });

  it('orders unrated items by interactions in bayesian mode on implicit-only data', async () => {
    const b = new DatasetBuilder();
    b.addEvent('u0', 'rare', 1);
    for (const u of ['u0', 'u1', 'u2']) b.addEvent(u, 'common', 1);
    const d = b.build();
    const m = await new PopularityStrategy({ mode: 'bayesian' }).fit(d);
    expect(m.recommend({ user: -1, k: 2 }).map((s) => s.item)).toEqual([d.items.indexOf('common'), d.items.indexOf('rare')]);
    expect(m.predict!(0, 0)).toBeNaN(); // no rating scale
  });

  it('rejects bad parameters with a ParamError naming them', () => {
    expect(() => new PopularityStrategy({ mode: 'loud' as never })).toThrow(ParamError);
    expect(() => new PopularityStrategy({ damping: -1 })).toThrow(/damping/);
    expect(() => new PopularityStrategy({ halfLife: 3 } as never)).toThrow(/halfLife/);
  });
});

describe('PopularityModel: dislikes, erasure, items new since training', () => {
  /** X: liked by 2, disliked by 3 (one of whom also viewed it: +0.5 - 2 < 0); Y: liked by 3 */
  async function shop() {
    const b = new DatasetBuilder();
    b.addEvent('a', 'X', 1, 0);
    b.addEvent('b', 'X', 1, 0);
    for (const u of ['c', 'd']) b.addEvent(u, 'X', -2, 0);
    b.addEvent('e', 'X', 0.5, 0);
    b.addEvent('e', 'X', -2, 0);
    for (const u of ['c', 'd', 'e']) b.addEvent(u, 'Y', 1, 0);
    const d = b.build();
    const model = (await new PopularityStrategy({ mode: 'count' }).fit(d)) as PopularityModel;
    return { d, model, X: d.items.indexOf('X'), Y: d.items.indexOf('Y') };
  }

  it('counts a dislike neither as a user nor in trending, and never lists the item back to whoever disliked it', async () => {
    const { d, model, X, Y } = await shop();
    expect(model.recommend({ user: -1, k: 2 })).toEqual([
      { item: Y, score: 3 },
      { item: X, score: 2 },
    ]);
    expect(model.trending(2)).toEqual([
      { item: Y, score: 3 },
      { item: X, score: 2 },
    ]);
    expect(model.explain(-1, X)).toMatchObject({ interactions: 2 });
    expect(model.recommend({ user: d.users.indexOf('e'), k: 2 })).toEqual([]);
    const disliker = model.foldIn(9, { items: [X], ratings: [NaN], weights: [-1] });
    expect(disliker.recommend({ user: 9, k: 2 })).toEqual([{ item: Y, score: 3 }]);
  });

  it('ranks a new item by the folded-in users who hold it (dislikes not counted), in count and trending alike', async () => {
    const { model, X, Y } = await shop();
    const N = 2;
    let m: Model = model.withItems(3);
    expect(m.recommend({ user: -1, k: 3 })).toEqual([
      { item: Y, score: 3 },
      { item: X, score: 2 },
      { item: N, score: 0 },
    ]);
    for (const u of [20, 21, 22, 23]) m = m.foldIn!(u, { items: [N], ratings: [NaN], weights: [3] });
    m = m.foldIn!(24, { items: [N], ratings: [NaN], weights: [-2] });
    expect(m.recommend({ user: -1, k: 3 })).toEqual([
      { item: N, score: 4 },
      { item: Y, score: 3 },
      { item: X, score: 2 },
    ]);
    expect((m as PopularityModel).trending(1)).toEqual([{ item: N, score: 12 }]);
    expect(m.explain(-1, N)).toEqual({ kind: 'popular', interactions: 4, trending: true });
    // a folded-in user's new history replaces their old one; forgetting them drops their share at once
    m = m.foldIn!(20, { items: [X], ratings: [NaN], weights: [1] }).forget!(21);
    expect(m.recommend({ user: -1, k: 1 })).toEqual([{ item: Y, score: 3 }]);
    expect(m.recommend({ user: -1, k: 3 }).find((s) => s.item === N)).toEqual({ item: N, score: 2 });
    const restored = deserializePopularity(m.serialize());
    expect(restored.recommend({ user: -1, k: 3 })).toEqual(m.recommend({ user: -1, k: 3 }));
    expect(restored.trending(3)).toEqual((m as PopularityModel).trending(3));
  });

  it('forget: the user is ranked as anonymous and their rating offset leaves predict and the artifact', async () => {
    const { model, A, d } = await fit({ damping: 2 });
    const u0 = d.users.indexOf('u0');
    expect(model.predict(u0, A)).not.toBeCloseTo(model.predict(-1, A), 6);
    const gone = model.forget(u0);
    expect(gone.predict!(u0, A)).toBe(model.predict(-1, A));
    expect(gone.recommend({ user: u0, k: 3 })).toEqual(model.recommend({ user: -1, k: 3 }));
    const restored = deserializePopularity(gone.serialize());
    expect(restored.predict(u0, A)).toBe(model.predict(-1, A));
    expect(restored.historyLength(u0)).toBe(0);
  });
});
