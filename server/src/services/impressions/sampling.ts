/**
 * Which lists' impressions are stored (IMPRESSION_SAMPLE_RATE): decided by the impression id itself
 * (its first 32 bits as a fraction of 2³²), so every replica agrees on any id without asking, and an
 * attribution to an id that was not sampled needs no wait for a flush that will never come.
 * Rate 1 keeps all (the fraction is always below 1), rate 0 none.
 */
export function isSampled(impressionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return parseInt(impressionId.slice(0, 8), 16) / 2 ** 32 < rate;
}
