import { DatasetBuilder, type Dataset } from '../dataset/dataset';
import type { Model, RecommendRequest, ScoredItem, Strategy } from '../types';
import { createStrategy } from '../strategies/registry';
import { evaluate, evaluateOnSplit } from './evaluate';
import { kFold } from './splitters';
import { generateSynthetic } from './synthetic';

/**
 * Hand-written models whose scores are known in advance, to check the runner's bookkeeping:
 * the oracle has seen the full dataset, so for a train fold it knows exactly which items were held out.
 * `mode` 'oracle' ranks each user's held-out items first (best rated first) and predicts the true rating;
 * 'reverse' ranks them last; 'blind' cannot score anyone and predicts nothing.
 */
class OracleModel implements Model {
  readonly strategy = 'popularity' as const;
  readonly params = {};
  constructor(
    private readonly full: Dataset,
    private readonly train: Dataset,
    private readonly mode: 'oracle' | 'reverse' | 'blind',
  ) {}
  get nUsers() {
    return this.full.nUsers;
  }
  get nItems() {
    return this.full.nItems;
  }
  canScore(): boolean {
    return this.mode !== 'blind';
  }
  private rating(d: Dataset, u: number, i: number): number {
    for (let p = d.userPtr[u]; p < d.userPtr[u + 1]; p++) if (d.userItems[p] === i) return d.userRatings[p];
    return NaN;
  }
  predict(u: number, i: number): number {
    return this.mode === 'blind' ? NaN : this.rating(this.full, u, i);
  }
  recommend({ user, k }: RecommendRequest): ScoredItem[] {
    if (this.mode === 'blind') return [];
    const out: ScoredItem[] = [];
    for (let i = 0; i < this.nItems; i++) {
      if (this.rating(this.train, user, i) === this.rating(this.train, user, i)) continue; // seen in train
      const held = this.rating(this.full, user, i);
      const isHeld = held === held;
      const score = this.mode === 'oracle' ? (isHeld ? 10 + held : 0) : isHeld ? -1 : 0;
      out.push({ item: i, score });
    }
    out.sort((a, b) => b.score - a.score || a.item - b.item);
    return out.slice(0, k);
  }
  explain() {
    return null;
  }
  similarItems() {
    return [];
  }
  serialize() {
    return new Uint8Array(0);
  }
}

const oracleStrategy = (full: Dataset, mode: 'oracle' | 'reverse' | 'blind') => (): Strategy => ({
  name: 'popularity',
  params: {},
  fit: async (train) => new OracleModel(full, train, mode),
});

describe('evaluate', () => {
  const data = generateSynthetic({ interactions: 3_000, users: 40, items: 300, seed: 5 });

  it('scores an oracle perfectly: precision@1, NDCG, MAP, hit rate 1, and zero rating error', async () => {
    const r = await evaluate(oracleStrategy(data, 'oracle'), data, { folds: 3, k: 1, seed: 1 });
    expect(r.perFold).toHaveLength(3);
    expect(r.precisionAtK).toBe(1);
    expect(r.ndcgAtK).toBe(1);
    expect(r.mapAtK).toBe(1);
    expect(r.hitRateAtK).toBe(1);
    expect(r.rmse).toBe(0);
    expect(r.mae).toBe(0);
    // every held-out rating was predicted, each exactly once across folds
    expect(r.predictions).toBe(data.nnz);
    expect(r.impossiblePredictions).toBe(0);
    expect(r.usersFallback).toBe(0);
  });

  it("gives the oracle recall 1 when k exceeds every user's held-out count", async () => {
    const r = await evaluate(oracleStrategy(data, 'oracle'), data, { folds: 3, k: 300, seed: 1 });
    expect(r.recallAtK).toBe(1);
    expect(r.ndcgAtK).toBeCloseTo(1, 12);
  });

  it('scores a reverse oracle zero on every top-N metric', async () => {
    const r = await evaluate(oracleStrategy(data, 'reverse'), data, { folds: 3, k: 5, seed: 1 });
    expect(r.precisionAtK).toBe(0);
    expect(r.recallAtK).toBe(0);
    expect(r.ndcgAtK).toBe(0);
    expect(r.mapAtK).toBe(0);
    expect(r.hitRateAtK).toBe(0);
    expect(r.coverage).toBeGreaterThan(0);
    expect(r.novelty).toBeGreaterThan(0);
  });

  it('with a relevance threshold, only held-out ratings >= threshold are relevant', async () => {
    const r = await evaluate(oracleStrategy(data, 'oracle'), data, { folds: 3, k: 1, seed: 1, relevanceThreshold: 4.5 });
    // expected: per fold, the users with at least one held-out rating >= 4.5 (same seed → same folds)
    const expected = kFold(data, 3, 1).map(({ test }) => {
      let n = 0;
      for (let u = 0; u < test.nUsers; u++) {
        if (test.userRatings.subarray(test.userPtr[u], test.userPtr[u + 1]).some((x) => x >= 4.5)) n++;
      }
      return n;
    });
    expect(r.perFold.map((f) => f.usersEvaluated)).toEqual(expected);
    const all = await evaluate(oracleStrategy(data, 'oracle'), data, { folds: 3, k: 1, seed: 1 });
    expect(r.usersEvaluated).toBeLessThan(all.usersEvaluated);
    // the oracle ranks held-out items best-rated first, so its first item is always a relevant one
    expect(r.precisionAtK).toBe(1);
  });

  it('never counts a held-out dislike as relevant', async () => {
    // u0 liked a; held out: b disliked, c liked. u1 liked a; held out: only a dislike of b
    const b = new DatasetBuilder();
    b.addEvent('u0', 'a', 1);
    b.addEvent('u0', 'b', 0.5);
    b.addEvent('u0', 'b', -2);
    b.addEvent('u0', 'c', 1);
    b.addEvent('u1', 'a', 1);
    b.addEvent('u1', 'b', -2);
    const full = b.build();
    const train = full.subset([0, 3]);
    const test = full.subset([1, 2, 4]);
    const ranksB: Model = {
      strategy: 'popularity',
      params: {},
      nUsers: 2,
      nItems: 3,
      canScore: () => true,
      recommend: () => [
        { item: 1, score: 2 },
        { item: 2, score: 1 },
      ], // b, then c
      explain: () => null,
      similarItems: () => [],
      serialize: () => new Uint8Array(0),
    };
    const scores = await evaluateOnSplit(ranksB, { train, test }, { k: 1, seed: 1 });
    expect(scores.usersEvaluated).toBe(1);
    expect(scores.precisionAtK).toBe(0);
  });

  it('counts impossible predictions and unscorable users, and uses the fallback for them', async () => {
    const blind = await evaluate(oracleStrategy(data, 'blind'), data, { folds: 2, k: 1, seed: 1 });
    expect(blind.rmse).toBeNull();
    expect(blind.mae).toBeNull();
    expect(blind.predictions).toBe(0);
    expect(blind.impossiblePredictions).toBe(data.nnz);
    expect(blind.usersFallback).toBe(blind.usersEvaluated);
    expect(blind.precisionAtK).toBe(0); // empty lists are all misses

    const rescued = await evaluate(oracleStrategy(data, 'blind'), data, { folds: 2, k: 1, seed: 1 }, { fallback: oracleStrategy(data, 'oracle') });
    expect(rescued.precisionAtK).toBe(1);
    expect(rescued.rmse).toBeNull(); // the fallback serves rankings only
  });

  it('reports progress and stops on abort', async () => {
    const seen: number[] = [];
    await evaluate(oracleStrategy(data, 'oracle'), data, { folds: 2, k: 3, seed: 1 }, { onProgress: (p) => seen.push(p.progress) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let j = 1; j < seen.length; j++) expect(seen[j]).toBeGreaterThanOrEqual(seen[j - 1]);

    const ac = new AbortController();
    ac.abort();
    await expect(evaluate(oracleStrategy(data, 'oracle'), data, { folds: 2, k: 3, seed: 1 }, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });

    const late = new AbortController();
    const run = evaluate(
      oracleStrategy(data, 'oracle'),
      data,
      { folds: 2, k: 3, seed: 1 },
      {
        signal: late.signal,
        onProgress: (p) => {
          if (p.stage === 'evaluate') late.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('evaluate with the real strategies', () => {
  // the synthetic taste model gives both a popularity signal and a personal one
  const data = generateSynthetic({ interactions: 8_000, users: 80, items: 400, seed: 9 });

  it('svd predicts ratings better than the global mean does', async () => {
    const r = await evaluate(() => createStrategy('svd'), data, { folds: 3, k: 10, seed: 0 });
    let sq = 0;
    for (const x of data.userRatings) sq += (x - data.globalMean) ** 2;
    const meanBaseline = Math.sqrt(sq / data.nnz);
    expect(r.strategy).toBe('svd');
    expect(r.rmse).not.toBeNull();
    expect(r.rmse!).toBeLessThan(meanBaseline);
    expect(r.predictions + r.impossiblePredictions).toBe(data.nnz);
  });

  it('popularity ranks held-out items far better than chance', async () => {
    const r = await evaluate(() => createStrategy('popularity'), data, { folds: 3, k: 10, seed: 0 });
    // chance: a user's ~33 held-out items among the ~330 items unseen in train → precision ≈ 0.1;
    // the Zipf popularity makes the popular items far likelier to be the held-out ones
    expect(r.precisionAtK).toBeGreaterThan(0.2);
    expect(r.usersFallback).toBe(0);
    expect(r.coverage).toBeGreaterThan(0);
  });
});
