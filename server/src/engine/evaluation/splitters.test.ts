import { DatasetBuilder, type Dataset } from '../dataset/dataset';
import { kFold, kFoldAssignment, lastNPerUser, lastNPerUserPositions, temporalPositions, temporalSplit, userHoldout, userHoldoutPositions } from './splitters';

/** 6 users × up to 8 items; user u rated items 0..u+2 at time 100*u + item */
function small(): Dataset {
  const b = new DatasetBuilder();
  for (let u = 0; u < 6; u++) {
    for (let i = 0; i < u + 3; i++) b.addRating(`u${u}`, `i${i}`, 1 + ((u + i) % 5), 100 * u + i);
  }
  return b.build();
}

/** set of "user:item" keys of a dataset, to compare splits by content */
function keys(d: Dataset): string[] {
  const out: string[] = [];
  for (let u = 0; u < d.nUsers; u++) {
    for (let p = d.userPtr[u]; p < d.userPtr[u + 1]; p++) out.push(`${u}:${d.userItems[p]}`);
  }
  return out;
}

describe('kFold', () => {
  const d = small(); // 3+4+5+6+7+8 = 33 entries

  it('puts every interaction in exactly one test fold, never in its own train', () => {
    const folds = kFold(d, 5, 42);
    expect(folds).toHaveLength(5);
    const allTest = folds.flatMap((f) => keys(f.test));
    expect(allTest.sort()).toEqual(keys(d).sort());
    for (const f of folds) {
      expect(f.train.nnz + f.test.nnz).toBe(33);
      const train = new Set(keys(f.train));
      for (const k of keys(f.test)) expect(train.has(k)).toBe(false);
      // 33 / 5: sizes 6 or 7
      expect([6, 7]).toContain(f.test.nnz);
      // vocabularies shared, so indices mean the same user and item
      expect(f.train.users).toBe(d.users);
      expect(f.test.items).toBe(d.items);
    }
  });

  it('is reproducible by seed and differs across seeds', () => {
    expect(Array.from(kFoldAssignment(33, 5, 1))).toEqual(Array.from(kFoldAssignment(33, 5, 1)));
    expect(Array.from(kFoldAssignment(33, 5, 1))).not.toEqual(Array.from(kFoldAssignment(33, 5, 2)));
  });

  it('rejects fewer than 2 folds or more folds than interactions', () => {
    expect(() => kFold(d, 1)).toThrow(RangeError);
    expect(() => kFold(d, 34)).toThrow(RangeError);
  });

  it('keeps ratings and times with their entries', () => {
    const [f] = kFold(d, 3, 0);
    for (let u = 0; u < f.test.nUsers; u++) {
      for (let p = f.test.userPtr[u]; p < f.test.userPtr[u + 1]; p++) {
        const i = f.test.userItems[p];
        expect(f.test.userRatings[p]).toBe(1 + ((u + i) % 5));
        expect(f.test.userTimes[p]).toBe(100 * u + i);
      }
    }
  });
});

describe('userHoldout', () => {
  const d = small();

  it('holds out a count per user but leaves at least one train entry', () => {
    const { train, test } = userHoldout(d, { count: 4, seed: 3 });
    for (let u = 0; u < d.nUsers; u++) {
      const n = d.userCount(u); // 3..8
      expect(test.userCount(u)).toBe(Math.min(4, n - 1));
      expect(train.userCount(u)).toBe(n - Math.min(4, n - 1));
    }
  });

  it('holds out a rounded fraction per user', () => {
    const { test } = userHoldout(d, { fraction: 0.5, seed: 3 });
    // round(0.5 * n) for n = 3..8 is 2,2,3,3,4,4 (Math.round rounds .5 up)
    expect(Array.from({ length: 6 }, (_, u) => test.userCount(u))).toEqual([2, 2, 3, 3, 4, 4]);
  });

  it('is seeded', () => {
    expect(Array.from(userHoldoutPositions(d, { count: 2, seed: 9 }).test)).toEqual(Array.from(userHoldoutPositions(d, { count: 2, seed: 9 }).test));
  });

  it('requires exactly one of fraction and count', () => {
    expect(() => userHoldout(d, {})).toThrow(RangeError);
    expect(() => userHoldout(d, { fraction: 0.2, count: 1 })).toThrow(RangeError);
    expect(() => userHoldout(d, { fraction: 1 })).toThrow(RangeError);
  });
});

describe('temporal splits', () => {
  const d = small();

  it('global cut: test is exactly the entries at or after the cut time', () => {
    const { train, test } = temporalSplit(d, { cutoff: 400 });
    // users 4 and 5 (times 400.. and 500..) are test: 7 + 8 = 15 entries
    expect(test.nnz).toBe(15);
    expect(train.nnz).toBe(18);
    for (const t of test.userTimes) expect(t).toBeGreaterThanOrEqual(400);
    for (const t of train.userTimes) expect(t).toBeLessThan(400);
  });

  it('global cut by fraction derives the cut time from the latest entries', () => {
    const p = temporalPositions(d, { testFraction: 8 / 33 });
    // 33 * (1 - 8/33) = 25 → the 26th-smallest time (500) is the cut: user 5's 8 entries
    expect(p.test.length).toBe(8);
  });

  it("last-n per user takes each user's latest entries", () => {
    const { test } = lastNPerUser(d, 2);
    for (let u = 0; u < d.nUsers; u++) {
      const items = Array.from(test.userItems.subarray(test.userPtr[u], test.userPtr[u + 1]));
      // times grow with the item index, so the latest two are the two highest items u+1, u+2
      expect(items).toEqual([u + 1, u + 2]);
    }
    expect(() => lastNPerUserPositions(d, 0)).toThrow(RangeError);
  });
});
