import { Dataset } from '../dataset/dataset';
import { Vocabulary } from '../dataset/vocabulary';
import { createRng, gaussian } from '../util/random';

/**
 * Seeded synthetic rating data for benchmarks, shaped like MovieLens: long-tailed item popularity,
 * long-tailed user activity, and a latent-taste model so that personalized strategies have real
 * signal to find (a user is more likely to pick, and rates higher, items close to their taste).
 * Written straight into typed arrays and Dataset.fromEntries: no per-rating object, 5M in seconds.
 */
export interface SyntheticOptions {
  interactions: number;
  /** default: interactions / 120 (about MovieLens' ratings per user) */
  users?: number;
  /** default: min(interactions / 10, 2000 + interactions / 250) */
  items?: number;
  /** latent dimensions of the taste model */
  factors?: number;
  seed?: number;
  /** Zipf exponent of item popularity (1 ≈ MovieLens) */
  popularityExponent?: number;
}

export interface SyntheticShape {
  users: number;
  items: number;
}

export function syntheticShape(o: SyntheticOptions): SyntheticShape {
  const n = o.interactions;
  const users = o.users ?? Math.max(20, Math.ceil(n / 120));
  const items = o.items ?? Math.max(50, Math.ceil(Math.min(n / 10, 2000 + n / 250)));
  return { users, items };
}

// the taste-biased choice of items lifts the realized mean by ~0.35, to about MovieLens' 3.5
const MEAN_RATING = 3.2;
/** spread of the taste term u·i, and its weight when a user chooses what to rate */
const TASTE_SD = 0.7;
const CHOICE_SHARPNESS = 2.5;
/** after this many rejected draws per wanted item, a user's remaining items are drawn uniformly */
const MAX_REJECTIONS_PER_ITEM = 8;
const START_TIME = 1_000_000_000; // 2001-09-09, in seconds

export function generateSynthetic(opts: SyntheticOptions): Dataset {
  const { interactions: nnz, factors = 8, seed = 0, popularityExponent = 1 } = opts;
  const { users: nU, items: nI } = syntheticShape(opts);
  if (!(Number.isInteger(nnz) && nnz >= 1)) throw new RangeError(`interactions must be an integer >= 1, got ${nnz}`);
  const cap = Math.floor(nI / 2);
  if (nnz > nU * cap) throw new RangeError(`${nnz} interactions do not fit ${nU} users × ${cap} items each`);
  const rng = createRng(seed);

  // taste factors with sd s so that u·i has sd sqrt(f)·s² = TASTE_SD
  const s = Math.sqrt(TASTE_SD / Math.sqrt(factors));
  const P = new Float32Array(nU * factors);
  const Q = new Float32Array(nI * factors);
  for (let j = 0; j < P.length; j++) P[j] = gaussian(rng) * s;
  for (let j = 0; j < Q.length; j++) Q[j] = gaussian(rng) * s;
  const userBias = Float32Array.from({ length: nU }, () => gaussian(rng) * 0.35);
  const itemBias = Float32Array.from({ length: nI }, () => gaussian(rng) * 0.4);

  // item popularity: Zipf over a random permutation of items, as a cumulative distribution
  const rank = Int32Array.from({ length: nI }, (_, i) => i);
  for (let i = nI - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = rank[i];
    rank[i] = rank[j];
    rank[j] = t;
  }
  const cdf = new Float64Array(nI);
  let acc = 0;
  for (let i = 0; i < nI; i++) {
    acc += 1 / Math.pow(rank[i] + 5, popularityExponent);
    cdf[i] = acc;
  }

  const counts = userActivity(nU, nnz, cap, rng);
  const u = new Int32Array(nnz);
  const it = new Int32Array(nnz);
  const r = new Float32Array(nnz);
  const w = new Float32Array(nnz).fill(1);
  const t = new Float64Array(nnz);
  const stamp = new Int32Array(nI).fill(-1); // stamp[i] === user: already chosen by this user
  let q = 0;
  for (let uu = 0; uu < nU; uu++) {
    const want = counts[uu];
    const pOff = uu * factors;
    let rejections = 0;
    let start = START_TIME + rng() * 3e8;
    for (let got = 0; got < want;) {
      let i: number;
      let affinity: number;
      if (rejections < MAX_REJECTIONS_PER_ITEM * want) {
        i = drawFromCdf(cdf, rng() * acc);
        if (stamp[i] === uu) {
          rejections++;
          continue;
        }
        affinity = dot(P, pOff, Q, i * factors, factors);
        // choose items close to the user's taste more often (logistic acceptance)
        if (rng() > 1 / (1 + Math.exp((-CHOICE_SHARPNESS * affinity) / TASTE_SD))) {
          rejections++;
          continue;
        }
      } else {
        i = Math.floor(rng() * nI);
        if (stamp[i] === uu) continue;
        affinity = dot(P, pOff, Q, i * factors, factors);
      }
      stamp[i] = uu;
      const x = MEAN_RATING + userBias[uu] + itemBias[i] + affinity + gaussian(rng) * 0.5;
      u[q] = uu;
      it[q] = i;
      r[q] = Math.min(5, Math.max(0.5, Math.round(x * 2) / 2));
      start += 1 + rng() * 86400;
      t[q] = Math.floor(start);
      q++;
      got++;
    }
  }
  const users = new Vocabulary(Array.from({ length: nU }, (_, j) => `u${j + 1}`));
  const items = new Vocabulary(Array.from({ length: nI }, (_, j) => `i${j + 1}`));
  return Dataset.fromEntries(users, items, u, it, r, w, t);
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let f = 0; f < n; f++) s += a[ao + f] * b[bo + f];
  return s;
}

/** first index whose cumulative weight exceeds x (binary search) */
function drawFromCdf(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Ratings per user: log-normal activity (a few heavy raters, many light ones), at least 1 and at most
 * cap each, adjusted by single steps on random users to sum to exactly total.
 */
function userActivity(nU: number, total: number, cap: number, rng: () => number): Int32Array {
  const a = Float64Array.from({ length: nU }, () => Math.exp(gaussian(rng)));
  const sumA = a.reduce((x, y) => x + y, 0);
  const counts = new Int32Array(nU);
  let sum = 0;
  for (let j = 0; j < nU; j++) {
    counts[j] = Math.min(cap, Math.max(1, Math.floor((a[j] * total) / sumA)));
    sum += counts[j];
  }
  while (sum !== total) {
    const j = Math.floor(rng() * nU);
    if (sum < total && counts[j] < cap) {
      counts[j]++;
      sum++;
    } else if (sum > total && counts[j] > 1) {
      counts[j]--;
      sum--;
    }
  }
  return counts;
}
