import { countAcrossLists, genreOverlap, tasteGenres } from './compare-overlap';

describe('countAcrossLists', () => {
  it('counts each item once per list it appears in', () => {
    const a = [{ id: '1', genres: [] }, { id: '2', genres: [] }];
    const b = [{ id: '2', genres: [] }, { id: '3', genres: [] }, { id: '2', genres: [] }];
    const counts = countAcrossLists([a, b, [{ id: '2', genres: [] }]]);
    expect(Object.fromEntries(counts)).toEqual({ '1': 1, '2': 3, '3': 1 });
  });
});

describe('tasteGenres', () => {
  it('uses only 4★+ ratings when there are some, most frequent first, ties alphabetical', () => {
    const taste = tasteGenres([
      { rating: 5, genres: ['Drama', 'War'] },
      { rating: 4, genres: ['Drama', 'Comedy'] },
      { rating: 1, genres: ['Horror', 'Horror2'] },
    ]);
    expect(taste).toEqual(['Drama', 'Comedy', 'War']);
  });
  it('falls back to every rating when none is 4★ or more, and respects top', () => {
    expect(tasteGenres([{ rating: 2, genres: ['Horror', 'Action'] }], 1)).toEqual(['Action']);
  });
});

describe('genreOverlap', () => {
  it('is the share of items with a taste genre', () => {
    const list = [
      { id: '1', genres: ['Drama'] },
      { id: '2', genres: ['Horror'] },
      { id: '3', genres: ['Comedy', 'Horror'] },
      { id: '4', genres: [] },
    ];
    expect(genreOverlap(list, ['Drama', 'Comedy'])).toBe(0.5);
  });
  it('is null without items or without a taste', () => {
    expect(genreOverlap([], ['Drama'])).toBeNull();
    expect(genreOverlap([{ id: '1', genres: ['Drama'] }], [])).toBeNull();
  });
});
