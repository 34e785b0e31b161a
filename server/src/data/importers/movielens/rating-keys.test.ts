import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMovieLens } from './parse';
import { hasRepeatedPairs, usersInOrder } from './rating-keys';
import { writeSyntheticMovieLens } from './synthetic';
import type { MovieLensRatings } from './types';

const ratings = (pairs: [number, number][]): MovieLensRatings => ({
  count: pairs.length,
  users: Uint32Array.from(pairs, (p) => p[0]),
  items: Uint32Array.from(pairs, (p) => p[1]),
  values: new Float32Array(pairs.length).fill(3),
  timestamps: new Float64Array(pairs.length),
});

describe('rating keys', () => {
  it('lists the distinct users in the order they first appear, small ids and huge ones alike', () => {
    expect(
      usersInOrder(
        ratings([
          [5, 1],
          [2, 1],
          [5, 2],
          [9, 1],
          [2, 3],
        ]),
      ),
    ).toEqual([5, 2, 9]);
    expect(
      usersInOrder(
        ratings([
          [4_000_000_000, 1],
          [7, 1],
          [4_000_000_000, 2],
        ]),
      ),
    ).toEqual([4_000_000_000, 7]);
  });

  it('finds a repeated (user, movie) pair wherever it is, and none where there is none', () => {
    expect(
      hasRepeatedPairs(
        ratings([
          [1, 2],
          [2, 1],
          [1, 3],
        ]),
      ),
    ).toBe(false);
    expect(
      hasRepeatedPairs(
        ratings([
          [1, 2],
          [2, 1],
          [1, 3],
          [3, 3],
          [2, 1],
        ]),
      ),
    ).toBe(true);
    expect(hasRepeatedPairs(ratings([]))).toBe(false);
    // (user + 1) × (movie + 1) beyond 2^53: says "maybe" and lets the database sort it out
    expect(
      hasRepeatedPairs(
        ratings([
          [4_000_000_000, 4_000_000_000],
          [1, 1],
        ]),
      ),
    ).toBe(true);
  });
});

describe('synthetic MovieLens', () => {
  it('is the same for a seed, reads back as the 1m layout, and repeats no pair', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'synth-')), mkdtempSync(join(tmpdir(), 'synth-'))];
    try {
      for (const dir of dirs) await writeSyntheticMovieLens(dir, { ratings: 5_000, users: 100, movies: 300, seed: 4 });
      expect(readFileSync(join(dirs[0], 'ratings.dat'))).toEqual(readFileSync(join(dirs[1], 'ratings.dat')));
      const data = await readMovieLens(dirs[0]);
      expect(data.layout).toBe('1m');
      expect(data.ratings.count).toBe(5_000);
      expect(data.movies).toHaveLength(300);
      expect(usersInOrder(data.ratings)).toHaveLength(100);
      expect(hasRepeatedPairs(data.ratings)).toBe(false);
    } finally {
      dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    }
  });
});
