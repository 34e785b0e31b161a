import { RecommendationCache } from './recommendation-cache';

describe('RecommendationCache', () => {
  const v = ['svd#3', 'popularity#1'];

  it("serves a list while the versions and the user are unchanged; another user's write leaves it alone", () => {
    const c = new RecommendationCache<string[]>();
    c.set('SVD|a', 'a', c.generation('a'), v, ['x']);
    c.set('SVD|b', 'b', c.generation('b'), v, ['y']);
    expect(c.get('SVD|a', 'a', v)).toEqual(['x']);
    c.invalidateUsers(['b']);
    expect(c.get('SVD|a', 'a', v)).toEqual(['x']);
    expect(c.get('SVD|b', 'b', v)).toBeUndefined();
  });

  it('misses when a version changed', () => {
    const c = new RecommendationCache<string[]>();
    c.set('k', 'a', c.generation('a'), v, ['x']);
    expect(c.get('k', 'a', ['svd#4', 'popularity#1'])).toBeUndefined();
  });

  it('does not keep a list computed before a write that landed meanwhile', () => {
    const c = new RecommendationCache<string[]>();
    const g = c.generation('a');
    c.invalidateUsers(['a']); // the write (and its fold-in) happened while the list was computed
    c.set('k', 'a', g, v, ['stale']);
    expect(c.get('k', 'a', v)).toBeUndefined();
  });

  it('expires entries after ttlMs', async () => {
    const c = new RecommendationCache<string[]>({ ttlMs: 5, maxEntries: 10 });
    c.set('k', 'a', c.generation('a'), v, ['x']);
    await new Promise((r) => setTimeout(r, 15));
    expect(c.get('k', 'a', v)).toBeUndefined();
  });

  it('drops the oldest entries when full', () => {
    const c = new RecommendationCache<number>({ ttlMs: 60_000, maxEntries: 10 });
    for (let n = 0; n < 11; n++) c.set(`k${n}`, `u${n}`, 0, v, n);
    expect(c.get('k0', 'u0', v)).toBeUndefined();
    expect(c.get('k10', 'u10', v)).toBe(10);
  });
});
