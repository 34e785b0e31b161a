import { countAcrossLists, categoryOverlap, tasteCategories } from './compare-overlap';

describe('countAcrossLists', () => {
  it('counts each item once per list it appears in', () => {
    const a = [
      { id: '1', categories: [] },
      { id: '2', categories: [] },
    ];
    const b = [
      { id: '2', categories: [] },
      { id: '3', categories: [] },
      { id: '2', categories: [] },
    ];
    const counts = countAcrossLists([a, b, [{ id: '2', categories: [] }]]);
    expect(Object.fromEntries(counts)).toEqual({ '1': 1, '2': 3, '3': 1 });
  });
});

describe('tasteCategories', () => {
  it('uses only 4★+ ratings when there are some, most frequent first, ties alphabetical', () => {
    const taste = tasteCategories([
      { rating: 5, categories: ['Drama', 'War'] },
      { rating: 4, categories: ['Drama', 'Comedy'] },
      { rating: 1, categories: ['Horror', 'Horror2'] },
    ]);
    expect(taste).toEqual(['Drama', 'Comedy', 'War']);
  });
  it('falls back to every rating when none is 4★ or more, and respects top', () => {
    expect(tasteCategories([{ rating: 2, categories: ['Horror', 'Action'] }], 1)).toEqual(['Action']);
  });
});

describe('categoryOverlap', () => {
  it('is the share of items with a taste category', () => {
    const list = [
      { id: '1', categories: ['Drama'] },
      { id: '2', categories: ['Horror'] },
      { id: '3', categories: ['Comedy', 'Horror'] },
      { id: '4', categories: [] },
    ];
    expect(categoryOverlap(list, ['Drama', 'Comedy'])).toBe(0.5);
  });
  it('is null without items or without a taste', () => {
    expect(categoryOverlap([], ['Drama'])).toBeNull();
    expect(categoryOverlap([{ id: '1', categories: ['Drama'] }], [])).toBeNull();
  });
});
