import { createRng, gaussian } from '../../engine/util/random';
import { DEMO_GENRES, DEMO_MOVIES, type DemoGenre, type DemoMovie } from './movies';

/**
 * Synthetic users and ratings over the real demo catalog, from a latent-taste model.
 * Pure and seeded: no database, no file system, the same options give the same arrays.
 *
 * Why a model and not uniform noise: the demo must show that a personalized recommender beats
 * popularity, so the data carries the structure real rating data has — people have favourite and
 * disliked genres and hidden tastes, they mostly rate what they chose to watch (exposure follows
 * taste and popularity), popularity and activity are long-tailed, and new films are rated recently.
 */

export interface DemoDataOptions {
  /** default 42 */
  seed?: number;
  /** number of synthetic users, default 1200 */
  users?: number;
  /** median number of ratings per user (activity is log-normal around it), default 35 */
  medianRatingsPerUser?: number;
  /** start of the rating period, seconds since epoch; default 2022-01-01T00:00:00Z */
  startTime?: number;
  /** end of the rating period, seconds since epoch; default 2025-01-01T00:00:00Z */
  endTime?: number;
}

export interface DemoItem {
  /** external id: '1'..'M', the movie's 1-based position in DEMO_MOVIES */
  id: string;
  title: string;
  year: number;
  genres: DemoGenre[];
}

/** One rating per (user, item), sorted by user then time; `users`/`items` index DemoData's arrays. */
export interface DemoRatings {
  users: Int32Array;
  items: Int32Array;
  /** 0.5..5 in half stars */
  values: Float32Array;
  /** seconds since epoch */
  timestamps: Float64Array;
}

export interface DemoData {
  items: DemoItem[];
  /** external user ids '1'..'N' */
  users: string[];
  ratings: DemoRatings;
}

// Local aliases: under jest's vm sandbox every lookup of the global `Math` in a hot loop costs ~10×.
const { exp, floor, log, max, min, pow, round, sqrt } = Math;

const DAY = 86_400;
const YEAR = 365 * DAY;

/** Model constants, named so the README can cite them. */
export const DEMO_MODEL = {
  /** below the observed mean (~3.6) on purpose: people pick what they expect to like, which lifts it */
  globalMean: 2.6,
  userBiasSd: 0.3,
  itemQualitySd: 0.35,
  /** survivors: the old films in a curated catalog are the ones people still rate highly */
  classicBonus: 0.15,
  factors: 5,
  factorSd: 0.45,
  noiseSd: 0.55,
  /** baseline genre affinity spread; favourites/dislikes are added on top */
  genreAffinitySd: 0.15,
  favouriteAffinity: [0.6, 1.2] as const,
  dislikeAffinity: [-1.2, -0.6] as const,
  /** Zipf exponent of item popularity over the popularity rank */
  zipfExponent: 0.6,
  /** how strongly expected enjoyment drives what a user chooses to rate: exp(β·taste + γ·quality) */
  exposureTaste: 3,
  exposureQuality: 1.5,
  /** extra exposure of films released inside the rating period (release buzz) */
  newReleaseBoost: 2.5,
  activityLogSd: 0.9,
  /** share of users who only give whole stars (as many real users do) */
  wholeStarShare: 0.35,
  maxRatingsPerUser: 320,
} as const;

interface ItemModel {
  quality: Float64Array;
  factors: Float64Array; // nItems × k
  popularity: Float64Array; // Zipf weight, max 1
  release: Float64Array; // seconds since epoch
  genreIdx: number[][];
}

interface UserModel {
  bias: number;
  affinity: Float64Array; // per genre
  factors: Float64Array; // k
  count: number;
  wholeStars: boolean;
  start: number;
  end: number;
}

const genreIndex = new Map<string, number>(DEMO_GENRES.map((g, i) => [g, i]));

/** How much a genre draws a wide audience: adds to an item's popularity rank key. */
const MAINSTREAM: Partial<Record<DemoGenre, number>> = {
  Action: 0.5,
  Adventure: 0.5,
  'Sci-Fi': 0.4,
  Comedy: 0.3,
  Animation: 0.3,
  Fantasy: 0.3,
  Thriller: 0.3,
  Crime: 0.2,
  Romance: 0.1,
  Children: 0.1,
  Mystery: 0.1,
  Musical: -0.2,
  Western: -0.3,
  'Film-Noir': -0.5,
  Documentary: -0.8,
};
const GENRE_MAINSTREAM = DEMO_GENRES.map((g) => MAINSTREAM[g] ?? 0);

function uniform(rng: () => number, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng();
}

function drawItems(movies: readonly DemoMovie[], rng: () => number, startTime: number): ItemModel {
  const n = movies.length;
  const { factors: k, factorSd, itemQualitySd, classicBonus, zipfExponent } = DEMO_MODEL;
  const quality = new Float64Array(n);
  const factors = new Float64Array(n * k);
  const release = new Float64Array(n);
  const rankKey = new Float64Array(n);
  const genreIdx = movies.map((m) => m.genres.map((g) => genreIndex.get(g)!));
  for (let i = 0; i < n; i++) {
    const q = itemQualitySd * gaussian(rng);
    quality[i] = q + (movies[i].year < 1980 ? classicBonus : 0);
    for (let f = 0; f < k; f++) factors[i * k + f] = factorSd * gaussian(rng);
    release[i] = Date.UTC(movies[i].year, 0, 1) / 1000 + rng() * YEAR;
    // Popular: better films, films of recent decades and of mainstream genres; plus plenty of luck.
    const recency = max(0, min(1, (movies[i].year - 1950) / 45));
    let mainstream = 0;
    for (const g of genreIdx[i]) mainstream += GENRE_MAINSTREAM[g];
    mainstream /= sqrt(genreIdx[i].length);
    rankKey[i] = (q / itemQualitySd) * 0.5 + recency * 1.2 + mainstream + 0.8 * gaussian(rng);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rankKey[b] - rankKey[a]);
  const popularity = new Float64Array(n);
  order.forEach((item, rank) => {
    popularity[item] = pow(rank + 1, -zipfExponent);
  });
  // Films released during the rating period get a boost: that is what makes "trending" meaningful.
  for (let i = 0; i < n; i++) if (release[i] >= startTime) popularity[i] *= DEMO_MODEL.newReleaseBoost;
  return { quality, factors, popularity, release, genreIdx };
}

function pickDistinct(rng: () => number, count: number, from: number, taken: Set<number>): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const g = floor(rng() * from);
    if (!taken.has(g)) {
      taken.add(g);
      out.push(g);
    }
  }
  return out;
}

function drawUser(rng: () => number, median: number, startTime: number, endTime: number): UserModel {
  const m = DEMO_MODEL;
  const nGenres = DEMO_GENRES.length;
  const affinity = new Float64Array(nGenres);
  for (let g = 0; g < nGenres; g++) affinity[g] = m.genreAffinitySd * gaussian(rng);
  const taken = new Set<number>();
  // Sparse-ish taste: 1–3 favourite genres and 1–2 disliked ones, the rest near neutral.
  const favourites = pickDistinct(rng, 1 + floor(rng() * 3), nGenres, taken);
  const dislikes = pickDistinct(rng, 1 + floor(rng() * 2), nGenres, taken);
  for (const g of favourites) affinity[g] += uniform(rng, m.favouriteAffinity);
  for (const g of dislikes) affinity[g] += uniform(rng, m.dislikeAffinity);
  const factors = new Float64Array(m.factors);
  for (let f = 0; f < m.factors; f++) factors[f] = m.factorSd * gaussian(rng);
  const activity = round(median * exp(m.activityLogSd * gaussian(rng)));
  const count = max(1, min(m.maxRatingsPerUser, activity));
  // Activity periods: many users rate in a short burst, some over years (span skewed short).
  const period = endTime - startTime;
  const span = max(DAY, period * pow(rng(), 2));
  const start = startTime + rng() * (period - span);
  const wholeStars = rng() < m.wholeStarShare;
  return { bias: m.userBiasSd * gaussian(rng), affinity, factors, count, wholeStars, start, end: start + span };
}

/** Expected enjoyment of an item beyond the user's and the item's own bias: genres + hidden factors. */
function taste(user: UserModel, items: ItemModel, i: number): number {
  const genres = items.genreIdx[i];
  let g = 0;
  for (const idx of genres) g += user.affinity[idx];
  g /= sqrt(genres.length);
  const k = DEMO_MODEL.factors;
  let dot = 0;
  for (let f = 0; f < k; f++) dot += user.factors[f] * items.factors[i * k + f];
  return g + dot;
}

/**
 * Which items the user rates: weighted sampling without replacement (Efraimidis–Spirakis keys
 * log(u)/w), weight = popularity × exp(β·taste + γ·quality); films released after the user's
 * activity ended cannot be rated.
 */
function chooseItems(user: UserModel, items: ItemModel, tastes: Float64Array, rng: () => number): number[] {
  const n = tastes.length;
  const keys = new Float64Array(n);
  let available = 0;
  for (let i = 0; i < n; i++) {
    if (items.release[i] > user.end) {
      keys[i] = -Infinity;
      continue;
    }
    available++;
    const appeal = DEMO_MODEL.exposureTaste * tastes[i] + DEMO_MODEL.exposureQuality * items.quality[i];
    const w = items.popularity[i] * exp(appeal);
    let u = rng();
    while (u === 0) u = rng();
    keys[i] = log(u) / w;
  }
  const count = min(user.count, available);
  if (count === 0) return [];
  const threshold = Float64Array.from(keys).sort()[n - count];
  const chosen: number[] = [];
  for (let i = 0; i < n; i++) if (keys[i] >= threshold && keys[i] !== -Infinity) chosen.push(i);
  return chosen.slice(0, count);
}

/** The 0.5–5 half-star scale; whole-star users round to 1–5. */
function toStars(x: number, wholeStars: boolean): number {
  return wholeStars ? min(5, max(1, round(x))) : min(5, max(0.5, round(x * 2) / 2));
}

/** A rating time inside the user's activity period, soon after release for films released in it. */
function ratingTime(user: UserModel, release: number, rng: () => number): number {
  const from = max(user.start, release);
  // Squaring skews towards `from`: a new film is rated mostly in the weeks after it comes out.
  const skew = release > user.start ? pow(rng(), 2) : rng();
  return floor(from + (user.end - from) * skew);
}

/**
 * What the generator knows and the data does not show: each user's expected enjoyment of each movie
 * (the rating they would give before noise and rounding). The simulator (`npm run simulate`) makes
 * its synthetic users click what they truly like by it.
 */
export interface DemoTruth {
  /** noise-free rating of item index i by user index u: 2.6 + user bias + quality + taste (not clipped) */
  expectedRating(u: number, i: number): number;
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  return generateDemoWorld(options).data;
}

/** the demo data and the latent truth it was drawn from (same options, same data as generateDemoData) */
export function generateDemoWorld(options: DemoDataOptions = {}): { data: DemoData; truth: DemoTruth } {
  const seed = options.seed ?? 42;
  const nUsers = options.users ?? 1200;
  const median = options.medianRatingsPerUser ?? 35;
  const startTime = options.startTime ?? Date.UTC(2022, 0, 1) / 1000;
  const endTime = options.endTime ?? Date.UTC(2025, 0, 1) / 1000;
  if (!(endTime > startTime + DAY)) throw new RangeError('endTime must be at least a day after startTime');
  if (!Number.isInteger(nUsers) || nUsers < 1) throw new RangeError('users must be a positive integer');

  const rng = createRng(seed);
  const movies = DEMO_MOVIES;
  const items = drawItems(movies, rng, startTime);
  const nItems = movies.length;
  const tastes = new Float64Array(nItems);

  const outUsers: number[] = [];
  const outItems: number[] = [];
  const outValues: number[] = [];
  const outTimes: number[] = [];
  const userModels: UserModel[] = [];
  for (let u = 0; u < nUsers; u++) {
    const user = drawUser(rng, median, startTime, endTime);
    userModels.push(user);
    for (let i = 0; i < nItems; i++) tastes[i] = taste(user, items, i);
    const rows = chooseItems(user, items, tastes, rng).map((i) => ({
      item: i,
      value: toStars(DEMO_MODEL.globalMean + user.bias + items.quality[i] + tastes[i] + DEMO_MODEL.noiseSd * gaussian(rng), user.wholeStars),
      time: ratingTime(user, items.release[i], rng),
    }));
    rows.sort((a, b) => a.time - b.time || a.item - b.item);
    for (const r of rows) {
      outUsers.push(u);
      outItems.push(r.item);
      outValues.push(r.value);
      outTimes.push(r.time);
    }
  }

  const truth: DemoTruth = {
    expectedRating: (u, i) => DEMO_MODEL.globalMean + userModels[u].bias + items.quality[i] + taste(userModels[u], items, i),
  };
  const data: DemoData = {
    items: movies.map((m, i) => ({ id: String(i + 1), title: m.title, year: m.year, genres: [...m.genres] })),
    users: Array.from({ length: nUsers }, (_, u) => String(u + 1)),
    ratings: {
      users: Int32Array.from(outUsers),
      items: Int32Array.from(outItems),
      values: Float32Array.from(outValues),
      timestamps: Float64Array.from(outTimes),
    },
  };
  return { data, truth };
}
