/**
 * The one parser of strategy names on command lines (eval, bench:engine, bench:api, …): a
 * comma-separated list, each name in any case with or without underscores (`ITEM_CF`, `item_cf`,
 * `itemcf`), resolved by the registry. Problems are UsageErrors (one line, exit code 2).
 */
import { findStrategy, strategyEntries, type StrategyEntry } from '../engine/strategies/registry';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** the entries a `--strategies` value names, in the order given, without repeats */
export function parseStrategyList(raw: string, flag = '--strategies'): StrategyEntry[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`${flag} must name at least one strategy`);
  const out: StrategyEntry[] = [];
  for (const n of names) {
    const e = findStrategy(n);
    if (!e) throw new UsageError(`unknown strategy "${n}"; known: ${knownStrategies()} (any case, underscores optional)`);
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** "popularity, usercf, …" as the CLIs print them */
export function knownStrategies(): string {
  return strategyEntries()
    .map((e) => e.name)
    .join(', ');
}
