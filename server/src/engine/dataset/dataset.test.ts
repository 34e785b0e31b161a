import { DatasetBuilder, isNegativeEntry } from './dataset';

describe('DatasetBuilder with signed implicit weights', () => {
  it('sums weights with their signs: a negative sum without a rating is a negative entry, a rated entry never is', () => {
    const b = new DatasetBuilder();
    b.addEvent('u', 'viewed-then-disliked', 0.5, 1);
    b.addEvent('u', 'viewed-then-disliked', -2, 2);
    b.addEvent('u', 'skipped-then-bought', -0.5, 1);
    b.addEvent('u', 'skipped-then-bought', 3, 2);
    b.addRating('u', 'rated-and-disliked', 4, 1);
    b.addEvent('u', 'rated-and-disliked', -2, 2);
    const d = b.build();
    const entry = (id: string) => {
      const p = d.userPtr[0] + Array.from(d.userItems.subarray(d.userPtr[0], d.userPtr[1])).indexOf(d.items.indexOf(id));
      return { rating: d.userRatings[p], weight: d.userWeights[p], time: d.userTimes[p] };
    };
    expect(entry('viewed-then-disliked')).toEqual({ rating: NaN, weight: -1.5, time: 2 });
    expect(isNegativeEntry(NaN, -1.5)).toBe(true);
    expect(entry('skipped-then-bought').weight).toBe(2.5);
    expect(isNegativeEntry(NaN, 2.5)).toBe(false);
    const rated = entry('rated-and-disliked');
    expect(rated).toEqual({ rating: 4, weight: -1, time: 2 }); // -2 + the rating's 1
    expect(isNegativeEntry(rated.rating, rated.weight)).toBe(false);
    // the item-side copy carries the same signed weight
    const i = d.items.indexOf('viewed-then-disliked');
    expect(d.itemWeights[d.itemPtr[i]]).toBe(-1.5);
  });
});
