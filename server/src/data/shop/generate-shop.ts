/**
 * A synthetic shop, the project's second dataset: products in departments and sub-categories, users
 * with latent tastes, and the event stream a web shop logs (view → click → add_to_cart → purchase,
 * plus the odd dislike). Pure and seeded: no database, no files; the same options give the same shop.
 *
 * Why a model and not noise: like the movie demo, it must show that personalization beats popularity,
 * so it has the structure real shop logs have. People shop a few departments they care about and a few
 * sub-categories within them, on top of hidden tastes; what they see is what the shop shows them
 * (popular products, the department they came for); each funnel step is likelier the more the product
 * suits them; popularity and activity are long-tailed; new products appear during the year.
 * Events stream user by user (shopEvents), so a large shop never sits in memory whole.
 */
import { createRng, gaussian } from '../../engine/util/random';
import { DEFAULT_FEEDBACK_TYPES, type FeedbackType } from '../../engine/dataset/feedback';
import type { FullEvent, FullItem, FullUser } from '../importers/generic/write-records';
import { ADJECTIVES, BRANDS, COLORS, DEPARTMENTS } from './catalog-words';

export interface ShopOptions {
  /** default 7 */
  seed?: number;
  /** default 600 (small enough that every strategy trains and evaluates in seconds) */
  users?: number;
  /** default 300 */
  items?: number;
  /** the year of events, UTC; default 2024 */
  year?: number;
}

export interface Shop {
  options: Required<ShopOptions>;
  feedbackTypes: FeedbackType[];
  items: FullItem[];
  users: FullUser[];
  /** the hidden model, for shopEvents (and tests) */
  model: ShopModel;
}

/** Model constants, named so the README and tests can cite them. */
export const SHOP_MODEL = {
  factors: 6,
  factorSd: 0.35,
  /** 1–3 favourite departments per user, and 1–2 favourite sub-categories inside each */
  favouriteDepartment: [0.8, 1.6] as const,
  favouriteSubcategory: [0.4, 1.0] as const,
  departmentSd: 0.25,
  qualitySd: 0.4,
  zipfExponent: 0.8,
  /** share of sessions that start on the home page (popular products of every department) */
  homePageShare: 0.25,
  /** how strongly taste steers what a user looks at within a department */
  exposureTaste: 1.5,
  /** sessions per user: log-normal around this median */
  medianSessions: 5,
  sessionsLogSd: 0.8,
  /** product views per session: 1 + geometric with this mean */
  meanViewsPerSession: 6,
  /** funnel: logistic(base + slope·appeal) per step */
  click: { base: -1.4, slope: 1.3 },
  cart: { base: -2.6, slope: 1.2 },
  purchase: { base: -0.8, slope: 0.8 },
  /** a viewed product a user dislikes (appeal below this) is marked dislike with this probability */
  dislikeBelow: -0.6,
  dislikeChance: 0.06,
  /** share of products launched during the year (before launch nobody sees them) */
  newProductShare: 0.25,
  hiddenShare: 0.01,
} as const;

/** the feedback kinds the shop logs; their weights are the defaults (feedback-types file) */
export const SHOP_KINDS = ['view', 'click', 'add_to_cart', 'purchase', 'dislike'] as const;

const { exp, floor, log, max, min, pow, round } = Math;
const DAY = 86_400;

interface ShopModel {
  nDepartments: number;
  department: Int32Array; // per item
  subcategory: Int32Array; // per item: global sub-category index
  subcategoryDepartment: Int32Array;
  itemFactors: Float64Array; // items × k
  quality: Float64Array;
  popularity: Float64Array; // Zipf weight, max 1
  launch: Float64Array; // seconds
  /** items of each department, for department sessions */
  byDepartment: Int32Array[];
  start: number;
  end: number;
  seed: number;
}

interface UserTaste {
  department: Float64Array;
  subcategory: Float64Array;
  factors: Float64Array;
  sessions: number;
  start: number;
  end: number;
}

const uniform = (rng: () => number, [lo, hi]: readonly [number, number]): number => lo + (hi - lo) * rng();
const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[floor(rng() * xs.length)];
const logistic = (x: number): number => 1 / (1 + exp(-x));

export function generateShop(options: ShopOptions = {}): Shop {
  const opts: Required<ShopOptions> = { seed: options.seed ?? 7, users: options.users ?? 600, items: options.items ?? 300, year: options.year ?? 2024 };
  for (const key of ['users', 'items'] as const) {
    if (!Number.isInteger(opts[key]) || opts[key] < 1 || opts[key] > 10_000_000) throw new RangeError(`${key} must be a whole number from 1 to 10,000,000`);
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new RangeError('seed must be a whole number >= 0');
  const rng = createRng(opts.seed);
  const start = Date.UTC(opts.year, 0, 1) / 1000;
  const end = Date.UTC(opts.year + 1, 0, 1) / 1000;
  const m = SHOP_MODEL;
  const subs = DEPARTMENTS.flatMap((d, di) => d.subcategories.map((s) => ({ ...s, department: di })));

  const n = opts.items;
  const k = m.factors;
  const model: ShopModel = {
    nDepartments: DEPARTMENTS.length,
    department: new Int32Array(n),
    subcategory: new Int32Array(n),
    subcategoryDepartment: Int32Array.from(subs.map((s) => s.department)),
    itemFactors: new Float64Array(n * k),
    quality: new Float64Array(n),
    popularity: new Float64Array(n),
    launch: new Float64Array(n),
    byDepartment: [],
    start,
    end,
    seed: opts.seed,
  };
  const items: FullItem[] = [];
  const rankKey = new Float64Array(n);
  const titles = new Set<string>();
  for (let i = 0; i < n; i++) {
    const s = floor(rng() * subs.length);
    const sub = subs[s];
    const dept = DEPARTMENTS[sub.department];
    model.department[i] = sub.department;
    model.subcategory[i] = s;
    for (let f = 0; f < k; f++) model.itemFactors[i * k + f] = m.factorSd * gaussian(rng);
    const q = m.qualitySd * gaussian(rng);
    model.quality[i] = q;
    rankKey[i] = (q / m.qualitySd) * 0.6 + dept.mainstream + 0.8 * gaussian(rng);
    const isNew = rng() < m.newProductShare;
    // catalogue products launched over the three years before; new ones during the year
    const launch = isNew ? start + rng() * (end - start - 30 * DAY) : start - rng() * 3 * 365 * DAY;
    model.launch[i] = floor(launch);
    const brand = pick(rng, BRANDS);
    const noun = pick(rng, sub.nouns);
    let title = `${brand} ${pick(rng, ADJECTIVES)} ${noun}`;
    for (let v = 2; titles.has(title); v++) title = `${title.replace(/ \d+$/, '')} ${v}`;
    titles.add(title);
    const price = max(0.99, round(dept.medianPrice * exp(0.5 * gaussian(rng))) - 0.01);
    const attributes: Record<string, unknown> = { brand, price };
    if (sub.department !== 2 && sub.department !== 9) attributes.color = pick(rng, COLORS);
    if (rng() < 0.3) attributes.in_stock = rng() < 0.8;
    items.push({
      id: `p${String(i + 1).padStart(5, '0')}`,
      title,
      categories: [dept.name, sub.name],
      description: rng() < 0.8 ? `${noun} by ${brand}, from our ${sub.name} range.` : null,
      publishedAt: { seconds: model.launch[i], micros: 0 },
      hidden: rng() < m.hiddenShare,
      attributes,
    });
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rankKey[b] - rankKey[a] || a - b);
  order.forEach((item, rank) => {
    model.popularity[item] = pow(rank + 1, -m.zipfExponent);
  });
  model.byDepartment = DEPARTMENTS.map((_, d) => Int32Array.from(order.filter((i) => model.department[i] === d)));

  const users: FullUser[] = [];
  for (let u = 0; u < opts.users; u++) {
    const labels: string[] = [];
    if (rng() < 0.2) labels.push('member');
    if (rng() < 0.35) labels.push('newsletter');
    labels.push(rng() < 0.6 ? 'mobile' : 'desktop');
    users.push({ id: `u${String(u + 1).padStart(5, '0')}`, labels });
  }
  return { options: opts, feedbackTypes: DEFAULT_FEEDBACK_TYPES.filter((t) => (SHOP_KINDS as readonly string[]).includes(t.name)), items, users, model };
}

/** one user's hidden taste, from the user's own seeded stream (so users can be generated one at a time) */
function userTaste(model: ShopModel, rng: () => number): UserTaste {
  const m = SHOP_MODEL;
  const department = new Float64Array(model.nDepartments);
  for (let d = 0; d < department.length; d++) department[d] = m.departmentSd * gaussian(rng);
  const nFav = 1 + floor(rng() * 3);
  const favourites = new Set<number>();
  while (favourites.size < nFav) favourites.add(floor(rng() * model.nDepartments));
  const subcategory = new Float64Array(model.subcategoryDepartment.length);
  for (const d of favourites) {
    department[d] += uniform(rng, m.favouriteDepartment);
    const own = [...model.subcategoryDepartment.keys()].filter((s) => model.subcategoryDepartment[s] === d);
    const nSub = 1 + floor(rng() * 2);
    for (let j = 0; j < nSub; j++) subcategory[pick(rng, own)] += uniform(rng, m.favouriteSubcategory);
  }
  const factors = new Float64Array(m.factors);
  for (let f = 0; f < m.factors; f++) factors[f] = m.factorSd * gaussian(rng);
  const sessions = max(1, min(200, round(m.medianSessions * exp(m.sessionsLogSd * gaussian(rng)))));
  // most people shop in a stretch of the year, some all year round
  const period = model.end - model.start;
  const span = max(7 * DAY, period * pow(rng(), 1.5));
  const startAt = model.start + rng() * (period - span);
  return { department, subcategory, factors, sessions, start: startAt, end: startAt + span };
}

function appeal(model: ShopModel, t: UserTaste, i: number): number {
  const k = SHOP_MODEL.factors;
  let dot = 0;
  for (let f = 0; f < k; f++) dot += t.factors[f] * model.itemFactors[i * k + f];
  return t.department[model.department[i]] + t.subcategory[model.subcategory[i]] + model.quality[i] + dot;
}

/**
 * A product to show: weighted by popularity × exp(β·appeal) among those launched by `now` and not yet
 * seen in this session (rejection sampling); -1 when none is found.
 */
function browse(model: ShopModel, pool: Int32Array, now: number, rng: () => number, appeals: Float64Array, seen: ReadonlySet<number>): number {
  for (let attempt = 0; attempt < 200; attempt++) {
    // popularity-proportional proposal: Zipf weights fall with rank, and pool is in rank order
    const i = pool[min(pool.length - 1, floor(pool.length * pow(rng(), 2.2)))];
    if (model.launch[i] > now || seen.has(i)) continue;
    const accept = exp(SHOP_MODEL.exposureTaste * (appeals[i] - 3));
    if (rng() < min(1, accept)) return i;
  }
  return -1;
}

/**
 * The events of every user, in user order and time order within a user. Each user draws from a
 * stream seeded by (shop seed, user index), so the events are the same however they are consumed.
 */
export function* shopEvents(shop: Shop): Generator<FullEvent> {
  const { model, items, users } = shop;
  const m = SHOP_MODEL;
  const all = Int32Array.from(model.byDepartment.flatMap((d) => [...d]).sort((a, b) => model.popularity[b] - model.popularity[a] || a - b));
  const appeals = new Float64Array(items.length);
  for (let u = 0; u < users.length; u++) {
    const rng = createRng((model.seed * 1_000_003 + u * 7_919) >>> 0);
    const t = userTaste(model, rng);
    for (let i = 0; i < items.length; i++) appeals[i] = appeal(model, t, i);
    const deptWeights = Array.from(t.department, (a) => exp(2 * a));
    const deptTotal = deptWeights.reduce((s, w) => s + w, 0);
    const sessionStarts = Array.from({ length: t.sessions }, () => floor(t.start + rng() * (t.end - t.start))).sort((a, b) => a - b);
    const out: FullEvent[] = [];
    const userId = users[u].id;
    const push = (item: number, kind: string, at: number, value = 1) => out.push({ userId, itemId: items[item].id, kind, value, timestamp: { seconds: floor(at), micros: 0 } });
    for (const s0 of sessionStarts) {
      let pool: Int32Array = all;
      if (rng() >= m.homePageShare) {
        let r = rng() * deptTotal;
        let d = 0;
        while (d < deptWeights.length - 1 && (r -= deptWeights[d]) > 0) d++;
        pool = model.byDepartment[d].length ? model.byDepartment[d] : all;
      }
      const views = 1 + floor(log(1 - rng()) / log(1 - 1 / m.meanViewsPerSession));
      let now = s0;
      const seen = new Set<number>();
      for (let v = 0; v < views; v++) {
        const i = browse(model, pool, now, rng, appeals, seen);
        if (i < 0) continue;
        seen.add(i);
        const a = appeals[i] - 2;
        push(i, 'view', now);
        if (rng() < logistic(m.click.base + m.click.slope * a)) {
          push(i, 'click', now + 4 + floor(rng() * 20));
          if (rng() < logistic(m.cart.base + m.cart.slope * a)) {
            push(i, 'add_to_cart', now + 60 + floor(rng() * 240));
            if (rng() < logistic(m.purchase.base + m.purchase.slope * a)) {
              push(i, 'purchase', now + 400 + floor(rng() * 1800), rng() < 0.12 ? 2 : 1);
            }
          }
        } else if (a < m.dislikeBelow && rng() < m.dislikeChance) {
          push(i, 'dislike', now + 3 + floor(rng() * 10));
        }
        now += 15 + floor(rng() * 90);
      }
    }
    out.sort((x, y) => x.timestamp!.seconds - y.timestamp!.seconds);
    yield* out;
  }
}
