/** Which metric decides whether a new version replaces the active one, and by how much it may trail. */
export interface ActivationPolicy {
  metric: string;
  /** relative slack: 0.01 lets a version 1% worse still activate (evaluation noise) */
  tolerance: number;
}

export const LOWER_IS_BETTER = new Set(['rmse', 'mae']);

export type Verdict = { activate: true; reason: string } | { activate: false; reason: string };

type Metrics = Record<string, unknown> | null;

export function decideActivation(policy: ActivationPolicy, candidate: Metrics, active: Metrics): Verdict {
  if (!active) return { activate: true, reason: 'first version of this strategy' };
  const m = policy.metric;
  const c = candidate?.[m];
  const a = active[m];
  if (typeof a !== 'number' || !Number.isFinite(a)) return { activate: true, reason: `the active version has no ${m}` };
  if (typeof c !== 'number' || !Number.isFinite(c)) {
    return { activate: false, reason: `kept inactive: it has no ${m} to compare with the active version's ${a.toFixed(4)}` };
  }
  const lower = LOWER_IS_BETTER.has(m);
  const ok = lower ? c <= a * (1 + policy.tolerance) : c >= a * (1 - policy.tolerance);
  const cmp = `${m} ${c.toFixed(4)} vs active ${a.toFixed(4)}`;
  return ok
    ? { activate: true, reason: `activated: ${cmp} (no worse${policy.tolerance ? ` within ${policy.tolerance * 100}%` : ''})` }
    : { activate: false, reason: `kept inactive: ${cmp} is worse` };
}
