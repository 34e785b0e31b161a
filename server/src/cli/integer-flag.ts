import { UsageError } from './strategy-list';

/** an integer flag's value (`fallback` when absent); anything else is a UsageError naming the flag */
export function integerFlag(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v)) throw new UsageError(`--${flag} must be an integer, got "${raw}"`);
  if (v < min) throw new UsageError(`--${flag} must be >= ${min}, got ${v}`);
  return v;
}
