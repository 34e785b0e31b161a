import { armAt, assignArm, assignmentPoint } from './assignment';
import { betaDraw, leaderOf, probabilityBest } from './beta-binomial';
import { createRng } from '../util/random';

/** log Γ(x) for x > 0 (Lanczos, g = 7): for the closed form below */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** P(p_B > p_A) for Beta posteriors, exact for an integer αB (Evan Miller's closed form) */
function exactBBeatsA(aA: number, bA: number, aB: number, bB: number): number {
  let p = 0;
  for (let i = 0; i < aB; i++) p += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
  return p;
}

describe('assignment', () => {
  it('is deterministic: the same experiment and user always give the same point and arm', () => {
    for (const u of ['1', '42', 'alice', 'ü-🙂']) {
      expect(assignmentPoint(7, u)).toBe(assignmentPoint(7, u));
      expect(assignArm(7, u, [0.3, 0.7])).toBe(assignArm('7', u, [0.3, 0.7]));
    }
    const p = assignmentPoint(1, '1');
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1);
  });

  it('matches the traffic split within ±2% over 10,000 users, for several experiments and splits', () => {
    const users = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
    for (const [experiment, traffic] of [
      [1, [0.5, 0.5]],
      [2, [0.5, 0.5]],
      [3, [0.1, 0.9]],
      [4, [0.2, 0.3, 0.5]],
      [99, [0.25, 0.25, 0.25, 0.25]],
    ] as const) {
      const counts = new Array<number>(traffic.length).fill(0);
      for (const u of users) counts[assignArm(experiment, u, traffic)]++;
      counts.forEach((c, i) => expect(Math.abs(c / users.length - traffic[i])).toBeLessThanOrEqual(0.02));
    }
  });

  it('shuffles users between experiments (experiment 1 arm A is not experiment 2 arm A)', () => {
    let same = 0;
    for (let u = 1; u <= 10_000; u++) if (assignArm(1, String(u), [0.5, 0.5]) === assignArm(2, String(u), [0.5, 0.5])) same++;
    expect(Math.abs(same / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it('reads the cumulative traffic; the last arm takes what rounding leaves', () => {
    expect(armAt(0, [0.5, 0.5])).toBe(0);
    expect(armAt(0.4999, [0.5, 0.5])).toBe(0);
    expect(armAt(0.5, [0.5, 0.5])).toBe(1);
    expect(armAt(0.9999999, [0.3, 0.3, 0.3999999])).toBe(2);
  });
});

describe('Beta-Binomial probability of being best', () => {
  it('Beta draws have the right mean', () => {
    const rng = createRng(3);
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += betaDraw(3, 7, rng);
    expect(s / 20_000).toBeCloseTo(0.3, 2);
  });

  it('two arms with equal counts: ≈ 0.5 each', () => {
    for (const c of [
      { successes: 0, trials: 0 },
      { successes: 30, trials: 1000 },
      { successes: 500, trials: 1000 },
    ]) {
      const [a, b] = probabilityBest([c, c]);
      expect(Math.abs(a - 0.5)).toBeLessThanOrEqual(0.01);
      expect(a + b).toBeCloseTo(1, 10);
    }
  });

  it('agrees with the two-arm closed form within ±0.005', () => {
    const cases: [number, number, number, number][] = [
      [10, 100, 15, 100],
      [3, 40, 7, 40],
      [120, 1000, 140, 1000],
      [50, 400, 60, 500],
      [1, 5, 0, 5],
    ];
    for (const [sA, nA, sB, nB] of cases) {
      const exact = exactBBeatsA(1 + sA, 1 + nA - sA, 1 + sB, 1 + nB - sB);
      const [, mc] = probabilityBest([
        { successes: sA, trials: nA },
        { successes: sB, trials: nB },
      ]);
      expect(Math.abs(mc - exact)).toBeLessThanOrEqual(0.005);
    }
  });

  it('is the same for the same counts (fixed seed), and names the leader', () => {
    const arms = [
      { successes: 100, trials: 1000 },
      { successes: 130, trials: 1000 },
      { successes: 90, trials: 1000 },
    ];
    expect(probabilityBest(arms)).toEqual(probabilityBest(arms));
    const v = leaderOf(arms);
    expect(v.leader).toBe(1);
    expect(v.probabilityLeaderIsBest).toBeGreaterThan(0.95);
    expect(v.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('has no leader before any trial, and refuses impossible counts', () => {
    expect(
      leaderOf([
        { successes: 0, trials: 0 },
        { successes: 0, trials: 0 },
      ]).leader,
    ).toBeNull();
    expect(() =>
      probabilityBest([
        { successes: 5, trials: 3 },
        { successes: 0, trials: 1 },
      ]),
    ).toThrow(RangeError);
  });
});
