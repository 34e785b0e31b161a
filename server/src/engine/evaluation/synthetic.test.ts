import { generateSynthetic, syntheticShape } from './synthetic';

describe('generateSynthetic', () => {
  const d = generateSynthetic({ interactions: 20_000, seed: 7 });

  it('makes exactly the asked number of distinct (user, item) entries', () => {
    expect(d.nnz).toBe(20_000);
    const { users, items } = syntheticShape({ interactions: 20_000 });
    expect(d.nUsers).toBe(users);
    expect(d.nItems).toBe(items);
    for (let u = 0; u < d.nUsers; u++) {
      expect(d.userCount(u)).toBeGreaterThanOrEqual(1);
      // CSR rows are sorted by item, so a duplicate would show as two equal neighbours
      for (let p = d.userPtr[u] + 1; p < d.userPtr[u + 1]; p++) expect(d.userItems[p]).toBeGreaterThan(d.userItems[p - 1]);
    }
  });

  it('rates on the 0.5–5 half-step scale with a MovieLens-like mean', () => {
    for (const r of d.userRatings) {
      expect(r).toBeGreaterThanOrEqual(0.5);
      expect(r).toBeLessThanOrEqual(5);
      expect(Number.isInteger(r * 2)).toBe(true);
    }
    expect(d.globalMean).toBeGreaterThan(3.2);
    expect(d.globalMean).toBeLessThan(3.9);
  });

  it('has a long-tailed item popularity: the top 10% of items hold over 40% of interactions', () => {
    const counts = Array.from({ length: d.nItems }, (_, i) => d.itemCount(i)).sort((a, b) => b - a);
    const head = counts.slice(0, Math.ceil(d.nItems / 10)).reduce((s, x) => s + x, 0);
    expect(head / d.nnz).toBeGreaterThan(0.4);
  });

  it('is reproducible by seed', () => {
    const a = generateSynthetic({ interactions: 5_000, seed: 3 });
    const b = generateSynthetic({ interactions: 5_000, seed: 3 });
    const c = generateSynthetic({ interactions: 5_000, seed: 4 });
    expect(Array.from(a.userItems)).toEqual(Array.from(b.userItems));
    expect(Array.from(a.userRatings)).toEqual(Array.from(b.userRatings));
    expect(Array.from(a.userItems)).not.toEqual(Array.from(c.userItems));
  });

  it('rejects sizes that cannot fit', () => {
    expect(() => generateSynthetic({ interactions: 1000, users: 2, items: 10 })).toThrow(RangeError);
    expect(() => generateSynthetic({ interactions: 0 })).toThrow(RangeError);
  });
});
