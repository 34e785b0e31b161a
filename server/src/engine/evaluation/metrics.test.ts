import { averagePrecisionAtK, catalogCoverage, hitRateAtK, hitsAtK, mae, ndcgAtK, novelty, precisionAtK, recallAtK, rmse } from './metrics';

// log2 values used below: log2(2) = 1, log2(3) = 1.5849625, log2(4) = 2, log2(5) = 2.3219281
// so the rank discounts 1/log2(rank+1) are: rank1 1, rank2 0.6309298, rank3 0.5, rank4 0.4306766

describe('rating error', () => {
  // pred [3, 4, 5] vs truth [2, 4, 3]: errors 1, 0, 2
  it('rmse = sqrt((1 + 0 + 4) / 3) = sqrt(5/3) = 1.2909944', () => {
    expect(rmse([3, 4, 5], [2, 4, 3])).toBeCloseTo(1.2909944, 6);
  });
  it('mae = (1 + 0 + 2) / 3 = 1', () => {
    expect(mae([3, 4, 5], [2, 4, 3])).toBeCloseTo(1, 10);
  });
  it('is NaN for no pairs and rejects mismatched lengths', () => {
    expect(rmse([], [])).toBeNaN();
    expect(mae([], [])).toBeNaN();
    expect(() => rmse([1], [1, 2])).toThrow(RangeError);
  });
});

describe('top-k metrics, ranked [1,2,3,4,5], relevant {2,4,9}', () => {
  const ranked = [1, 2, 3, 4, 5];
  const relevant = new Set([2, 4, 9]);

  it('k=5: hits at ranks 2 and 4', () => {
    expect(hitsAtK(ranked, relevant, 5)).toBe(2);
    // precision 2/5
    expect(precisionAtK(ranked, relevant, 5)).toBeCloseTo(0.4, 10);
    // recall 2/3
    expect(recallAtK(ranked, relevant, 5)).toBeCloseTo(2 / 3, 10);
    expect(hitRateAtK(ranked, relevant, 5)).toBe(1);
    // DCG = 0.6309298 + 0.4306766 = 1.0616064; ideal over min(3,5)=3: 1 + 0.6309298 + 0.5 = 2.1309298
    // NDCG = 1.0616064 / 2.1309298 = 0.4981910
    expect(ndcgAtK(ranked, relevant, 5)).toBeCloseTo(0.498191, 5);
    // AP: precision at rank 2 = 1/2, at rank 4 = 2/4; (0.5 + 0.5) / min(3,5)=3 = 0.3333333
    expect(averagePrecisionAtK(ranked, relevant, 5)).toBeCloseTo(1 / 3, 10);
  });

  it('k=3: one hit at rank 2', () => {
    expect(precisionAtK(ranked, relevant, 3)).toBeCloseTo(1 / 3, 10);
    expect(recallAtK(ranked, relevant, 3)).toBeCloseTo(1 / 3, 10);
    // 0.6309298 / 2.1309298 = 0.2960819
    expect(ndcgAtK(ranked, relevant, 3)).toBeCloseTo(0.2960819, 6);
    // (1/2) / min(3,3)=3 = 0.1666667
    expect(averagePrecisionAtK(ranked, relevant, 3)).toBeCloseTo(1 / 6, 10);
  });

  it('k=2: ideal DCG and AP normalise by min(|relevant|, k) = 2', () => {
    // 0.6309298 / (1 + 0.6309298) = 0.3868528
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(0.3868528, 6);
    // (1/2) / 2 = 0.25
    expect(averagePrecisionAtK(ranked, relevant, 2)).toBeCloseTo(0.25, 10);
  });

  it('k=1: a miss at rank 1 scores zero everywhere', () => {
    expect(precisionAtK(ranked, relevant, 1)).toBe(0);
    expect(recallAtK(ranked, relevant, 1)).toBe(0);
    expect(hitRateAtK(ranked, relevant, 1)).toBe(0);
    expect(ndcgAtK(ranked, relevant, 1)).toBe(0);
    expect(averagePrecisionAtK(ranked, relevant, 1)).toBe(0);
  });
});

describe('top-k edge cases', () => {
  it('a perfect ranking scores 1 even when more items are relevant than k', () => {
    const relevant = new Set([10, 11, 12, 13]);
    // top 2 are both relevant: precision 2/2, ndcg (1 + 0.63)/(1 + 0.63), AP (1/1 + 2/2)/min(4,2) = 1
    expect(precisionAtK([10, 11, 12], relevant, 2)).toBe(1);
    expect(ndcgAtK([10, 11, 12], relevant, 2)).toBeCloseTo(1, 10);
    expect(averagePrecisionAtK([10, 11, 12], relevant, 2)).toBeCloseTo(1, 10);
    // recall 2/4
    expect(recallAtK([10, 11, 12], relevant, 2)).toBeCloseTo(0.5, 10);
  });

  it('a list shorter than k: precision still divides by k', () => {
    const relevant = new Set([7]);
    // one hit in a list of 1 with k=5: precision 1/5, recall 1/1, ndcg 1/1, AP (1/1)/min(1,5) = 1
    expect(precisionAtK([7], relevant, 5)).toBeCloseTo(0.2, 10);
    expect(recallAtK([7], relevant, 5)).toBe(1);
    expect(ndcgAtK([7], relevant, 5)).toBeCloseTo(1, 10);
    expect(averagePrecisionAtK([7], relevant, 5)).toBeCloseTo(1, 10);
  });

  it('nothing relevant gives NaN for the normalised metrics, and bad k throws', () => {
    const none = new Set<number>();
    expect(recallAtK([1], none, 1)).toBeNaN();
    expect(ndcgAtK([1], none, 1)).toBeNaN();
    expect(averagePrecisionAtK([1], none, 1)).toBeNaN();
    expect(() => precisionAtK([1], none, 0)).toThrow(RangeError);
  });

  it('works on typed arrays', () => {
    expect(precisionAtK(Int32Array.from([3, 1]), new Set([1]), 2)).toBeCloseTo(0.5, 10);
  });
});

describe('catalog coverage', () => {
  // lists [0,1] and [1,2] over 10 items
  it('k=2: distinct {0,1,2} = 3 of 10 = 0.3', () => {
    expect(
      catalogCoverage(
        [
          [0, 1],
          [1, 2],
        ],
        10,
        2,
      ),
    ).toBeCloseTo(0.3, 10);
  });
  it('k=1: distinct {0,1} = 2 of 10 = 0.2', () => {
    expect(
      catalogCoverage(
        [
          [0, 1],
          [1, 2],
        ],
        10,
        1,
      ),
    ).toBeCloseTo(0.2, 10);
  });
});

describe('novelty', () => {
  // 4 users; item counts [4, 2, 1, 0] → p = 1, 0.5, 0.25, and item 3 (never seen) counted as 1/4
  // self-information: -log2(1) = 0, -log2(0.5) = 1, -log2(0.25) = 2, -log2(0.25) = 2
  it('mean over all recommended items = (0 + 1 + 2 + 2) / 4 = 1.25', () => {
    expect(
      novelty(
        [
          [0, 1],
          [2, 3],
        ],
        [4, 2, 1, 0],
        4,
        2,
      ),
    ).toBeCloseTo(1.25, 10);
  });
  it('k=1 uses items 0 and 2 only: (0 + 2) / 2 = 1', () => {
    expect(
      novelty(
        [
          [0, 1],
          [2, 3],
        ],
        [4, 2, 1, 0],
        4,
        1,
      ),
    ).toBeCloseTo(1, 10);
  });
  it('is NaN with no recommended items', () => {
    expect(novelty([[]], [1], 1, 5)).toBeNaN();
  });
});
