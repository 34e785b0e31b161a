/**
 * A rate (successes / trials) with its 95% Wilson score interval: unlike the normal approximation
 * it stays inside [0, 1] and is sensible for small counts and for rates near 0 or 1 (a CTR is
 * usually a few percent). Null bounds for no trials.
 */
export interface RateWithInterval {
  rate: number | null;
  low: number | null;
  high: number | null;
}

/** z for a two-sided 95% interval */
export const Z95 = 1.959963984540054;

export function wilsonInterval(successes: number, trials: number, z = Z95): RateWithInterval {
  if (!(trials > 0)) return { rate: null, low: null, high: null };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
