import type { StrategyInfo } from '../../lib/strategies';

export type ParamSpec = StrategyInfo['params'][number];

/** the text a field starts with: the declared default */
export const defaultText = (p: ParamSpec): string => (p.default == null ? '' : String(p.default));

/** "1–1000, default 64" / "one of pearson, cosine; default pearson": the range the server accepts, said before it refuses */
export function describeRange(p: ParamSpec): string {
  if (p.choices) return `one of ${p.choices.join(', ')}; default ${defaultText(p)}`;
  const lo = p.min == null ? null : `${p.minExclusive ? 'above ' : ''}${p.min}`;
  const range = lo != null && p.max != null ? (p.minExclusive ? `${lo}, at most ${p.max}` : `${p.min}–${p.max}`) : (lo ?? (p.max != null ? `at most ${p.max}` : 'any'));
  return `${p.kind === 'integer' ? 'whole number' : 'number'} ${range}; default ${defaultText(p)}`;
}

/** The value to send, or the reason it is refused (the same rules the server applies, said at once). */
export function readParam(p: ParamSpec, text: string): { value: string | number } | { error: string } {
  if (p.choices) return p.choices.includes(text) ? { value: text } : { error: `${p.name}: ${describeRange(p)}` };
  const n = text.trim() === '' ? NaN : Number(text);
  const ok = Number.isFinite(n) && (p.kind !== 'integer' || Number.isInteger(n)) && (p.min == null || (p.minExclusive ? n > p.min : n >= p.min)) && (p.max == null || n <= p.max);
  return ok ? { value: n } : { error: `${p.name}: ${describeRange(p)}` };
}

/**
 * The params argument of trainModel: only the fields changed from their default (the server fills
 * the rest from the same registry), or undefined when nothing changed; errors name each bad field.
 */
export function paramsToSend(specs: readonly ParamSpec[], texts: Record<string, string>): { params?: Record<string, string | number>; errors: string[] } {
  const params: Record<string, string | number> = {};
  const errors: string[] = [];
  for (const p of specs) {
    const text = texts[p.name];
    if (text === undefined || text === defaultText(p)) continue;
    const read = readParam(p, text);
    if ('error' in read) errors.push(read.error);
    else if (read.value !== p.default) params[p.name] = read.value;
  }
  return { params: Object.keys(params).length ? params : undefined, errors };
}
