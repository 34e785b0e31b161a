import { DatasetBuilder } from '../dataset/dataset';
import { ParamError } from '../types';
import { encodeArtifact } from '../util/binary';
import type { AutoModel } from './auto';
import { bucketOf, chooseForUser, MIN_BUCKET_USERS, type HistoryScores } from './auto-choice';
import { describeRange } from './params';
import { createStrategy, deserializeModel, fallbackEntry, findStrategy, modelEntries, registerStrategy, strategyEntries, strategyKey, strategyNames } from './registry';

describe('strategy registry', () => {
  it('declares every entry completely, named by its API name, AUTO last', () => {
    for (const e of strategyEntries()) {
      expect(e.name).toBe(strategyKey(e.apiName));
      expect(e.description.length).toBeGreaterThan(10);
      expect(createStrategy(e.name).name).toBe(e.name);
      // the declared table is the one the strategy validates with: its defaults are the strategy's
      const defaults = Object.fromEntries(e.params.map((p) => [p.name, p.default]));
      const params = createStrategy(e.name).params as Record<string, unknown>;
      for (const p of e.params) if (e.name !== 'usercf' || p.name !== 'pool') expect(params[p.name]).toEqual(defaults[p.name]);
    }
    expect(strategyEntries().at(-1)!.apiName).toBe('AUTO');
    expect(modelEntries().some((e) => e.meta)).toBe(false);
    expect(fallbackEntry().personalized).toBe(false);
  });

  it('finds a strategy by name in any case, with or without underscores', () => {
    for (const spelling of ['ITEM_CF', 'item_cf', 'itemcf', 'Item-CF', ' ItemCf ']) expect(findStrategy(spelling)?.apiName).toBe('ITEM_CF');
    expect(findStrategy('magic')).toBeNull();
  });

  it('rejects unknown names and bad parameters with a ParamError naming the parameter and its declared range', () => {
    expect(() => createStrategy('magic')).toThrow(ParamError);
    try {
      createStrategy('magic');
    } catch (e) {
      expect((e as ParamError).param).toBe('strategy');
      expect((e as Error).message).toMatch(/POPULARITY/);
    }
    for (const e of modelEntries()) {
      for (const p of e.params) {
        const bad = p.kind === 'choice' ? 'no-such-choice' : p.max + 1;
        try {
          createStrategy(e.name, { [p.name]: bad });
          throw new Error('no error');
        } catch (err) {
          expect(err).toBeInstanceOf(ParamError);
          expect((err as ParamError).param).toBe(p.name);
          expect((err as Error).message).toContain(describeRange(p));
        }
      }
      expect(() => createStrategy(e.name, { nonsense: 1 })).toThrow(/unknown parameter 'nonsense'/);
    }
    expect(() => createStrategy('auto', { shortFrom: 20, longFrom: 5 })).toThrow(/longFrom/);
  });

  it('refuses artifacts of unknown strategies and duplicate or misnamed registrations', () => {
    expect(() => deserializeModel(encodeArtifact({ strategy: 'magic' }, {}))).toThrow(/magic/);
    expect(() => deserializeModel(new Uint8Array(4))).toThrow();
    const popularity = fallbackEntry();
    expect(() => registerStrategy({ ...popularity })).toThrow(/already registered/);
    expect(() => registerStrategy({ ...popularity, apiName: 'Nice Name' })).toThrow(/UPPER_SNAKE_CASE/);
    expect(() => registerStrategy({ ...popularity, apiName: 'POP_TWO', name: 'pop_two' })).toThrow(/poptwo/);
    expect(strategyNames()).not.toContain('poptwo');
  });
});

describe('AUTO decision', () => {
  const edges = { shortFrom: 5, longFrom: 20 };
  /** NDCG sums as evaluation records them: users at history lengths 2 (none), 10 (short), 40 (long) */
  const scores = (none: number, short: number, long: number): HistoryScores => ({ lengths: [2, 10, 40], users: [40, 40, 40], ndcgSum: [none * 40, short * 40, long * 40] });

  it('buckets history lengths by the configured edges', () => {
    expect([0, 4, 5, 19, 20, 500].map((n) => bucketOf(n, edges))).toEqual(['none', 'none', 'short', 'short', 'long', 'long']);
  });

  it('picks, per bucket, the candidate that measured best there, skipping those that cannot score the user', () => {
    const candidates = [
      { name: 'popularity', byHistory: scores(0.2, 0.15, 0.1), ndcg: 0.15, canScore: true },
      { name: 'svd', byHistory: scores(0.1, 0.3, 0.2), ndcg: 0.2, canScore: true },
      { name: 'als', byHistory: scores(0.05, 0.25, 0.4), ndcg: 0.3, canScore: true },
    ];
    expect(chooseForUser(candidates, 3, edges, 'popularity')).toMatchObject({ strategy: 'popularity', bucket: 'none' });
    expect(chooseForUser(candidates, 12, edges, 'popularity')).toMatchObject({ strategy: 'svd', bucket: 'short' });
    const long = chooseForUser(candidates, 30, edges, 'popularity');
    expect(long).toMatchObject({ strategy: 'als', bucket: 'long' });
    expect(long.reason).toMatch(/als.*20 or more.*0\.400.*popularity 0\.100/);
    const cannot = chooseForUser(
      candidates.map((c) => (c.name === 'als' ? { ...c, canScore: false } : c)),
      30,
      edges,
      'popularity',
    );
    expect(cannot.strategy).toBe('svd');
    expect(cannot.reason).toMatch(/als measured higher but cannot score/);
  });

  it('falls back to popularity when the bucket was not measured on enough users, and to overall NDCG for old versions', () => {
    const onlyLong: HistoryScores = { lengths: [3, 40], users: [MIN_BUCKET_USERS - 1, 50], ndcgSum: [20, 20] };
    const c = [
      { name: 'popularity', byHistory: null, ndcg: null, canScore: true },
      { name: 'als', byHistory: onlyLong, ndcg: 0.4, canScore: true },
    ];
    expect(chooseForUser(c, 3, edges, 'popularity')).toMatchObject({
      strategy: 'popularity',
      reason: expect.stringMatching(/no model was measured on enough \(30\) users with fewer than 5/),
    });
    expect(chooseForUser(c, 30, edges, 'popularity').strategy).toBe('als');
    const old = [
      { name: 'popularity', byHistory: null, ndcg: 0.1, canScore: true },
      { name: 'svd', byHistory: null, ndcg: 0.2, canScore: true },
    ];
    expect(chooseForUser(old, 3, edges, 'popularity')).toMatchObject({ strategy: 'svd', reason: expect.stringMatching(/overall/) });
  });
});

describe('AUTO model', () => {
  /** two taste groups of 40 users with 25–39 ratings each, and one newcomer with 2 ratings */
  function data() {
    const b = new DatasetBuilder();
    for (let u = 0; u < 80; u++) {
      const g = u % 2;
      const n = 25 + (u % 15);
      for (let j = 0; j < n; j++) b.addRating(`u${u}`, `i${((u + j * 7) % 60) + 60 * g}`, 3 + ((u + j) % 3));
      b.addRating(`u${u}`, `i${120 + ((u * 7) % 5)}`, 2);
    }
    b.addRating('new', 'i0', 5);
    b.addRating('new', 'i1', 4);
    return b.build();
  }

  it('answers each user from the member chooseForUser picks, and says so in each item', async () => {
    const d = data();
    const m = (await createStrategy('auto').fit(d, { seed: 1 })) as AutoModel;
    expect(m.members.map((x) => x.name)).toEqual(modelEntries().map((e) => e.name));
    for (const user of [d.users.indexOf('u0'), d.users.indexOf('u20'), d.users.indexOf('new')]) {
      const choice = m.choose(user);
      const list = m.recommend({ user, k: 5 });
      expect(list.length).toBe(5);
      expect(list.every((s) => s.source === choice.strategy)).toBe(true);
      const member = m.members.find((x) => x.name === choice.strategy)!.model;
      expect(list.map(({ item, score }) => ({ item, score }))).toEqual(member.recommend({ user, k: 5 }));
    }
    expect(m.choose(d.users.indexOf('new')).bucket).toBe('none');
    // 80 measured users with long histories: a personalized model wins there
    expect(m.choose(d.users.indexOf('u0'))).toMatchObject({ bucket: 'long', strategy: expect.not.stringMatching(/^popularity$/) });
  });

  it('restores the same decisions and lists from its artifact, folded-in users included', async () => {
    const d = data();
    const m = (await createStrategy('auto').fit(d)) as AutoModel;
    const newcomer = d.users.indexOf('new');
    const items = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'].map((id) => d.items.indexOf(id));
    const f = m.foldIn(newcomer, { items, ratings: [5, 4, 5, 4, 5, 3] }) as AutoModel;
    expect(f.historyLength(newcomer)).toBe(6);
    expect(f.choose(newcomer).bucket).toBe('short');
    const restored = deserializeModel(f.serialize()) as AutoModel;
    expect(restored.choose(newcomer)).toEqual(f.choose(newcomer));
    expect(restored.recommend({ user: newcomer, k: 4 })).toEqual(f.recommend({ user: newcomer, k: 4 }));
  });
});
