/**
 * The Wilson score interval of a binomial proportion (successes out of trials): unlike the normal
 * approximation it stays inside [0, 1] and is honest for small counts and rates near 0, which is
 * what click-through rates are. z = 1.959964 gives 95%. No trials: the interval is all of [0, 1].
 */
export const Z_95 = 1.959963984540054;

export interface RateInterval {
  rate: number;
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, trials: number, z = Z_95): RateInterval {
  if (trials <= 0) return { rate: 0, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
