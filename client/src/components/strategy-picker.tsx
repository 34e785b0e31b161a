import type { Strategy } from '../gql/graphql';

export const STRATEGIES: { value: Strategy; label: string; hint: string }[] = [
  { value: 'AUTO', label: 'Auto', hint: 'personalized once you have enough ratings, else popular' },
  { value: 'SVD', label: 'SVD', hint: 'latent factors learned from all ratings' },
  { value: 'USER_CF', label: 'User CF', hint: 'what people with similar taste liked' },
  { value: 'POPULARITY', label: 'Popularity', hint: 'what most people liked' },
];

export function isStrategy(value: string | null): value is Strategy {
  return STRATEGIES.some((s) => s.value === value);
}

interface Props {
  value: Strategy;
  onChange: (strategy: Strategy) => void;
}

/** Radio buttons (arrow keys move between them), each with a one-line hint. */
export function StrategyPicker({ value, onChange }: Props) {
  return (
    <fieldset className="strategy-picker">
      <legend>Strategy</legend>
      {STRATEGIES.map((s) => (
        <label key={s.value} className={value === s.value ? 'chosen' : undefined} title={s.hint}>
          <input type="radio" name="strategy" value={s.value} checked={value === s.value} onChange={() => onChange(s.value)} />
          {s.label}
        </label>
      ))}
    </fieldset>
  );
}
