import { DatasetBuilder, type Dataset } from '../dataset/dataset';
import type { Model, UserInteractions } from '../types';
import { deserializeItemCf, ItemCfModel, ItemCfStrategy } from './item-cf';

/**
 * Two tastes: a0..a3 liked together by u0..u5, b0..b3 by u6..u11. Everybody dislikes spam0 and spam1
 * (shared dislikes), and u0..u2 also dislike b0.
 */
function shop(): Dataset {
  const b = new DatasetBuilder();
  for (let u = 0; u < 12; u++) {
    const taste = u < 6 ? 'a' : 'b';
    for (let i = 0; i < 4; i++) if ((u + i) % 5 !== 0) b.addEvent(`u${u}`, `${taste}${i}`, 1);
    b.addEvent(`u${u}`, 'spam0', -1);
    b.addEvent(`u${u}`, 'spam1', -1);
  }
  for (const u of [0, 1, 2]) b.addEvent(`u${u}`, 'b0', -2);
  return b.build();
}

const d = shop();
const idx = (id: string) => d.items.indexOf(id);
const row = (u: number, extra: { item: number; weight: number }[] = []): UserInteractions => {
  const items: number[] = [];
  const weights: number[] = [];
  for (let p = d.userPtr[u]; p < d.userPtr[u + 1]; p++) {
    items.push(d.userItems[p]);
    weights.push(d.userWeights[p]);
  }
  for (const e of extra) {
    items.push(e.item);
    weights.push(e.weight);
  }
  return { items, ratings: items.map(() => NaN), weights };
};

describe('ItemCfModel with signed feedback', () => {
  let model: ItemCfModel;
  beforeAll(async () => {
    model = (await new ItemCfStrategy({ neighbours: 10 }).fit(d)) as ItemCfModel;
  });

  it('does not make items alike for being disliked by the same people', () => {
    expect(model.similarItems(idx('spam0'), 5)).toEqual([]);
    for (const i of ['a0', 'a1', 'b1']) expect(model.similarItems(idx(i), 10).map((s) => s.item)).not.toContain(idx('spam0'));
    // the dislikes of b0 by a-users do not tie b0 to the a items either
    expect(
      model
        .similarItems(idx('b0'), 10)
        .map((s) => d.items.idOf(s.item))
        .every((id) => id.startsWith('b')),
    ).toBe(true);
  });

  it('subtracts a disliked history item\u2019s similarities: its neighbours fall below where no event leaves them', () => {
    const u = 3; // an a-user
    const score = (m: Model, item: number) => m.recommend({ user: u, k: d.nItems, filter: (i) => i === item })[0]?.score ?? 0;
    const b1 = idx('b1');
    const neutral = model.foldIn(u, row(u, [{ item: idx('b2'), weight: 1 }]));
    const disliking = model.foldIn(
      u,
      row(u, [
        { item: idx('b2'), weight: 1 },
        { item: idx('b3'), weight: -3 },
      ]),
    );
    expect(score(neutral, b1)).toBeGreaterThan(0);
    expect(score(disliking, b1)).toBeLessThan(score(neutral, b1));
    // a user who only dislikes has nothing to score from
    const hater = model.foldIn(40, { items: [idx('a0')], ratings: [NaN], weights: [-1] });
    expect(hater.canScore(40)).toBe(false);
    expect(hater.recommend({ user: 40, k: 5 })).toEqual([]);
  });

  it('gives a new item neighbours from the folded-in users who hold it, and recommends it to look-alike users', () => {
    const n = d.nItems;
    let m: Model = model.withItems(n + 1);
    expect(m.similarItems(n, 5)).toEqual([]);
    for (const u of [0, 1, 2, 4]) m = m.foldIn!(u, row(u, [{ item: n, weight: 2 }]));
    const similar = m.similarItems(n, 10);
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.every((s) => d.items.idOf(s.item).startsWith('a'))).toBe(true);
    expect(similar.every((s) => s.score > 0)).toBe(true);
    // u5 (an a-user who has not met it) gets it, with its reason; u8 (a b-user) does not
    const a5 = m.foldIn!(5, row(5));
    expect(a5.recommend({ user: 5, k: 3 }).map((s) => s.item)).toContain(n);
    expect(a5.explain(5, n)).toMatchObject({ kind: 'item-neighbours' });
    const b8 = m.foldIn!(8, row(8));
    expect(b8.recommend({ user: 8, k: d.nItems + 1 }).map((s) => s.item)).not.toContain(n);
    // a buyer's history reaches the a items through the new item's own list too
    expect(m.explain(0, idx('a1'))).not.toBeNull();
    // forgetting its buyers takes its list with them
    const gone = [0, 1, 2, 4].reduce((x: Model, u) => x.forget!(u), m);
    expect(gone.similarItems(n, 5)).toEqual([]);
    const restored = deserializeItemCf(a5.serialize());
    expect(restored.similarItems(n, 10)).toEqual(a5.similarItems(n, 10));
    expect(restored.recommend({ user: 5, k: 5 })).toEqual(a5.recommend({ user: 5, k: 5 }));
  });
});
