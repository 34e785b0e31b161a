import { ParamError } from '../types';

/**
 * A strategy's trainable parameters, declared once as a table: the strategy validates with it, the
 * registry publishes it (GraphQL `Query.strategies`, the training panel, error messages), so a range
 * or default is never written twice.
 */
export type ParamSpec = NumberParamSpec | ChoiceParamSpec;

export interface NumberParamSpec {
  name: string;
  kind: 'integer' | 'number';
  min: number;
  max: number;
  /** the lower bound itself is refused: (min, max] */
  minExclusive?: boolean;
  default: number;
  description: string;
}

export interface ChoiceParamSpec {
  name: string;
  kind: 'choice';
  choices: readonly string[];
  default: string;
  description: string;
}

/** "an integer in [1, 1000]", "a number in (0, 1]", "one of pearson | cosine" */
export function describeRange(spec: ParamSpec): string {
  if (spec.kind === 'choice') return `one of ${spec.choices.join(' | ')}`;
  return `${spec.kind === 'integer' ? 'an integer' : 'a number'} in ${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}]`;
}

function valid(spec: ParamSpec, v: unknown): boolean {
  if (spec.kind === 'choice') return typeof v === 'string' && spec.choices.includes(v);
  return typeof v === 'number' && Number.isFinite(v) && (spec.minExclusive ? v > spec.min : v >= spec.min) && v <= spec.max && (spec.kind !== 'integer' || Number.isInteger(v));
}

/**
 * The given parameters checked against the table, defaults filled in. Unknown names are refused (a
 * typo is an error, not a silent default); a bad value throws a ParamError naming it and its range.
 */
export function readParams<P>(strategy: string, specs: readonly ParamSpec[], given: Record<string, unknown> | object = {}): P {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new ParamError('params', `${strategy}: parameters must be an object`);
  }
  const g = given as Record<string, unknown>;
  for (const key of Object.keys(g)) {
    if (g[key] !== undefined && !specs.some((s) => s.name === key)) {
      throw new ParamError(key, `${strategy}: unknown parameter '${key}'; allowed: ${specs.map((s) => s.name).join(', ')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const v = g[spec.name];
    if (v === undefined) {
      out[spec.name] = spec.default;
    } else if (valid(spec, v)) {
      out[spec.name] = v;
    } else {
      throw new ParamError(spec.name, `${strategy}: '${spec.name}' must be ${describeRange(spec)}, got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
  return out as P;
}
