import { ParamError } from '../../types';

/**
 * Parameter checks shared by the matrix-factorization strategies. Each returns the default when the
 * value is undefined and throws a ParamError naming the parameter and its allowed range otherwise.
 */
export function intParam(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ParamError(name, `${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** a finite number in [min, max] (or (min, max] when minExclusive) */
export function numParam(
  name: string, value: unknown, fallback: number, min: number, max: number, minExclusive = false,
): number {
  if (value === undefined) return fallback;
  const below = typeof value === 'number' && (minExclusive ? value <= min : value < min);
  if (typeof value !== 'number' || !Number.isFinite(value) || below || value > max) {
    const lo = minExclusive ? `(${min}` : `[${min}`;
    throw new ParamError(name, `${name} must be a number in ${lo}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** rejects parameter names the strategy does not know, so a typo is not silently ignored */
export function rejectUnknownParams(given: object, known: readonly string[], strategy: string): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new ParamError(key, `${strategy} has no parameter '${key}' (known: ${known.join(', ')})`);
    }
  }
}
