import { DatasetBuilder } from '../dataset/dataset';
import { ParamError } from '../types';
import { encodeArtifact } from '../util/binary';
import { AutoModel, AutoStrategy } from './auto';
import { createStrategy, deserializeModel, strategyNames } from './registry';

describe('strategy registry', () => {
  it('offers every strategy by name', () => {
    expect([...strategyNames].sort()).toEqual(['als', 'auto', 'popularity', 'svd', 'usercf']);
    for (const n of strategyNames) expect(createStrategy(n).name).toBe(n);
  });

  it('rejects unknown names and bad parameters with a ParamError naming the parameter', () => {
    expect(() => createStrategy('magic')).toThrow(ParamError);
    try {
      createStrategy('magic');
    } catch (e) {
      expect((e as ParamError).param).toBe('strategy');
      expect((e as Error).message).toMatch(/popularity/);
    }
    try {
      createStrategy('usercf', { k: -3 });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ParamError);
      expect((e as ParamError).param).toBe('k');
      expect((e as Error).message).toMatch(/\[1, 10000\]/);
    }
    expect(() => createStrategy('auto', { personalized: 'popularity' })).toThrow(/personalized/);
    expect(() => createStrategy('auto', { personalized: 'usercf', personalizedParams: { k: 0 } })).toThrow(ParamError);
  });

  it('refuses artifacts of unknown strategies', () => {
    expect(() => deserializeModel(encodeArtifact({ strategy: 'magic' }, {}))).toThrow(/magic/);
    expect(() => deserializeModel(new Uint8Array(4))).toThrow();
  });
});

describe('AUTO', () => {
  /** two taste groups of 12 users with 8 ratings each, and one newcomer with 2 ratings */
  function data() {
    const b = new DatasetBuilder();
    for (let u = 0; u < 24; u++) {
      const g = u % 2;
      for (let j = 0; j < 8; j++) b.addRating(`u${u}`, `i${(u + j) % 10 + 10 * g}`, 3 + ((u + j) % 3));
      b.addRating(`u${u}`, `i${20 + ((u * 7) % 5)}`, 2);
    }
    b.addRating('new', 'i0', 5);
    b.addRating('new', 'i1', 4);
    return b.build();
  }

  it('uses the personalized model for users with enough history and popularity for the rest', async () => {
    const d = data();
    const m = (await new AutoStrategy({ personalized: 'usercf', minInteractions: 5 }).fit(d, { seed: 1 })) as AutoModel;
    const regular = d.users.indexOf('u0');
    const newcomer = d.users.indexOf('new');
    expect(m.sourceFor(regular)).toBe('usercf');
    expect(m.recommend({ user: regular, k: 5 }).every((s) => s.source === 'usercf')).toBe(true);
    expect(m.sourceFor(newcomer)).toBe('popularity');
    const forNew = m.recommend({ user: newcomer, k: 5 });
    expect(forNew.length).toBe(5);
    expect(forNew.every((s) => s.source === 'popularity')).toBe(true);
    expect(forNew.map((s) => s.item)).not.toContain(d.items.indexOf('i0'));
    expect(m.recommend({ user: -1, k: 3 }).every((s) => s.source === 'popularity')).toBe(true);
    expect(m.explain(newcomer, forNew[0].item)).toMatchObject({ kind: 'popular' });
    // the popularity answer is exactly popularity's
    expect(forNew.map(({ item, score }) => ({ item, score }))).toEqual(m.popularity.recommend({ user: newcomer, k: 5 }));
  });

  it('switches a user to the personalized model once foldIn gives them enough history', async () => {
    const d = data();
    const m = (await new AutoStrategy({ personalized: 'usercf', minInteractions: 5 }).fit(d)) as AutoModel;
    const newcomer = d.users.indexOf('new');
    const items = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'].map((id) => d.items.indexOf(id));
    const f = m.foldIn(newcomer, { items, ratings: [5, 4, 5, 4, 5, 3] }) as AutoModel;
    expect(f.sourceFor(newcomer)).toBe('usercf');
    expect(m.sourceFor(newcomer)).toBe('popularity');
    const restored = deserializeModel(f.serialize()) as AutoModel;
    expect(restored.recommend({ user: newcomer, k: 4 })).toEqual(f.recommend({ user: newcomer, k: 4 }));
  });
});
