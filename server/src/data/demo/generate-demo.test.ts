import { createRng, shuffle } from '../../engine/util/random';
import { generateDemoData, type DemoData } from './generate-demo';
import { DEMO_MOVIES } from './movies';

// a local alias: global lookups inside jest's vm sandbox are slow in hot loops
const { sqrt } = Math;

/** Per-user random holdout: a fifth of each user's ratings (users with < 5 ratings keep all in train). */
function splitPerUser(data: DemoData, seed: number) {
  const nUsers = data.users.length;
  const byUser: number[][] = Array.from({ length: nUsers }, () => []);
  data.ratings.users.forEach((u, k) => byUser[u].push(k));
  const rng = createRng(seed);
  const train: number[][] = [];
  const test: number[][] = [];
  for (const rows of byUser) {
    const order = shuffle(Int32Array.from(rows), rng);
    const nTest = rows.length >= 5 ? Math.floor(rows.length * 0.2) : 0;
    test.push(Array.from(order.subarray(0, nTest)));
    train.push(Array.from(order.subarray(nTest)));
  }
  return { train, test };
}

function topK(scores: Float64Array, seen: Set<number>, k: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!seen.has(i)) candidates.push(i);
  return candidates.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
}

/**
 * Mean precision@10 of a most-popular list and of item-item cosine co-occurrence (score = sum of the
 * similarities of an item to the user's training items), over users with at least one relevant
 * held-out item. `relevant` picks which held-out ratings count as hits.
 */
function compare(data: DemoData, relevant: (value: number) => boolean) {
  const { train, test } = splitPerUser(data, 7);
  const nItems = data.items.length;
  const itemsOf = (rows: number[]) => rows.map((k) => data.ratings.items[k]);
  const counts = new Float64Array(nItems);
  const co = new Float64Array(nItems * nItems);
  for (const rows of train) {
    const items = itemsOf(rows);
    for (const i of items) {
      counts[i]++;
      for (const j of items) if (i !== j) co[i * nItems + j]++;
    }
  }
  for (let i = 0; i < nItems; i++) for (let j = 0; j < nItems; j++) co[i * nItems + j] /= sqrt(counts[i] * counts[j]) || 1;

  let popHits = 0;
  let cfHits = 0;
  let evaluated = 0;
  const scores = new Float64Array(nItems);
  train.forEach((rows, u) => {
    const wanted = new Set(test[u].filter((k) => relevant(data.ratings.values[k])).map((k) => data.ratings.items[k]));
    if (wanted.size === 0) return;
    const seen = new Set(itemsOf(rows));
    scores.fill(0);
    for (const j of seen) for (let i = 0; i < nItems; i++) scores[i] += co[j * nItems + i];
    popHits += topK(counts, seen, 10).filter((i) => wanted.has(i)).length;
    cfHits += topK(scores, seen, 10).filter((i) => wanted.has(i)).length;
    evaluated++;
  });
  return { popularity: popHits / (10 * evaluated), personalized: cfHits / (10 * evaluated), evaluated };
}

describe('generateDemoData', () => {
  const data = generateDemoData();
  const { ratings } = data;
  const n = ratings.values.length;

  it('has the promised size: ≥ 1000 users, ≥ 50k ratings, ≥ 400 items, ids 1..N', () => {
    expect(data.users.length).toBeGreaterThanOrEqual(1000);
    expect(n).toBeGreaterThanOrEqual(50_000);
    expect(data.items.length).toBeGreaterThanOrEqual(400);
    expect(data.users[0]).toBe('1');
    expect(data.users[data.users.length - 1]).toBe(String(data.users.length));
    data.items.forEach((item, i) => {
      expect(item.id).toBe(String(i + 1));
      expect(item.title).toBe(DEMO_MOVIES[i].title);
    });
    for (const a of [ratings.users, ratings.items, ratings.timestamps]) expect(a.length).toBe(n);
  });

  it('gives ratings on the 0.5–5 half-star scale with a realistic distribution', () => {
    let sum = 0;
    let low = 0;
    let offScale = 0;
    for (const v of ratings.values) {
      if (!(v >= 0.5 && v <= 5 && Number.isInteger(v * 2))) offScale++;
      sum += v;
      if (v < 3) low++;
    }
    expect(offScale).toBe(0);
    const mean = sum / n;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(4);
    // people mostly rate what they like, but not only: some low ratings, not most
    expect(low / n).toBeGreaterThan(0.05);
    expect(low / n).toBeLessThan(0.3);
  });

  it('has one rating per (user, item), valid indices, and rows sorted by user then time', () => {
    const pairs = new Set<number>();
    const problems: string[] = [];
    for (let k = 0; k < n; k++) {
      const u = ratings.users[k];
      const i = ratings.items[k];
      if (!(u >= 0 && u < data.users.length && i >= 0 && i < data.items.length)) problems.push(`row ${k}: index`);
      const key = u * data.items.length + i;
      if (pairs.has(key)) problems.push(`row ${k}: duplicate (${u}, ${i})`);
      pairs.add(key);
      const prevU = k > 0 ? ratings.users[k - 1] : 0;
      if (u < prevU || (k > 0 && u === prevU && ratings.timestamps[k] < ratings.timestamps[k - 1])) problems.push(`row ${k}: order`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('has long-tailed activity: mean ≥ 45, light and heavy users, a few cold-start users', () => {
    const perUser = new Int32Array(data.users.length);
    for (const u of ratings.users) perUser[u]++;
    const sorted = Array.from(perUser).sort((a, b) => a - b);
    expect(n / data.users.length).toBeGreaterThanOrEqual(45);
    expect(sorted[sorted.length - 1]).toBeGreaterThanOrEqual(250);
    expect(sorted[Math.floor(sorted.length * 0.1)]).toBeLessThanOrEqual(15);
    expect(sorted.filter((c) => c < 5).length).toBeGreaterThan(0);
    expect(sorted[0]).toBeGreaterThan(0);
  });

  it('has long-tailed item popularity', () => {
    const perItem = Array.from({ length: data.items.length }, () => 0);
    for (const i of ratings.items) perItem[i]++;
    perItem.sort((a, b) => b - a);
    const median = perItem[perItem.length >> 1];
    expect(perItem[0]).toBeGreaterThan(5 * median);
    expect(perItem[0] / data.users.length).toBeLessThan(0.8);
  });

  it('spreads timestamps over ~3 years, never before a film came out, newer films rated later', () => {
    const DAY = 86_400;
    let min = Infinity;
    let max = -Infinity;
    let early = 0;
    // mean rating time per release group: before 2023 (anything released before or early in the
    // period), 2023, 2024
    const sums = [0, 0, 0];
    const counts = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      const t = ratings.timestamps[k];
      min = Math.min(min, t);
      max = Math.max(max, t);
      const year = data.items[ratings.items[k]].year;
      if (t < Date.UTC(year, 0, 1) / 1000) early++;
      const group = Math.max(0, year - 2022);
      sums[group] += t;
      counts[group]++;
    }
    expect(early).toBe(0);
    expect((max - min) / (365 * DAY)).toBeGreaterThan(2.5);
    expect(max).toBeLessThanOrEqual(Date.UTC(2025, 0, 1) / 1000);
    const means = sums.map((s, g) => s / counts[g]);
    expect(counts[2]).toBeGreaterThan(200);
    expect(means[1]).toBeGreaterThan(means[0] + 90 * DAY);
    expect(means[2]).toBeGreaterThan(means[1] + 90 * DAY);
  });

  it('makes "trending" meaningful: films of the last year take a far larger share of recent ratings', () => {
    const last = Math.max(...ratings.timestamps);
    let recent = 0;
    let recentNew = 0;
    let allNew = 0;
    for (let k = 0; k < n; k++) {
      const isNew = data.items[ratings.items[k]].year === 2024;
      if (isNew) allNew++;
      if (ratings.timestamps[k] > last - 90 * 86_400) {
        recent++;
        if (isNew) recentNew++;
      }
    }
    expect(recentNew / recent).toBeGreaterThan(3 * (allNew / n));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    // byte comparison: jest's deep equality walks typed arrays element by element, slowly
    const bytes = (d: DemoData) => Buffer.concat(Object.values(d.ratings).map((a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
    const a = generateDemoData({ seed: 5, users: 300 });
    const b = generateDemoData({ seed: 5, users: 300 });
    const c = generateDemoData({ seed: 6, users: 300 });
    expect(b.items).toEqual(a.items);
    expect(b.users).toEqual(a.users);
    expect(bytes(b).equals(bytes(a))).toBe(true);
    expect(bytes(c).equals(bytes(a))).toBe(false);
  });

  it('honours the users option and rejects nonsense', () => {
    const small = generateDemoData({ users: 50 });
    expect(small.users.length).toBe(50);
    expect(Math.max(...small.ratings.users)).toBeLessThan(50);
    expect(() => generateDemoData({ users: 0 })).toThrow(RangeError);
    expect(() => generateDemoData({ startTime: 100, endTime: 50 })).toThrow(RangeError);
  });

  it('lets a personalized recommender clearly beat most-popular on a 20% per-user holdout', () => {
    const anyRating = compare(data, () => true);
    const liked = compare(data, (v) => v >= 4);
    console.log(
      `demo data precision@10 — held-out (any): popularity ${anyRating.popularity.toFixed(4)}, ` +
        `item co-occurrence ${anyRating.personalized.toFixed(4)} (${anyRating.evaluated} users); ` +
        `held-out liked (≥ 4): popularity ${liked.popularity.toFixed(4)}, ` +
        `item co-occurrence ${liked.personalized.toFixed(4)} (${liked.evaluated} users)`,
    );
    expect(anyRating.personalized).toBeGreaterThanOrEqual(1.2 * anyRating.popularity);
    expect(liked.personalized).toBeGreaterThanOrEqual(1.2 * liked.popularity);
  });
});
