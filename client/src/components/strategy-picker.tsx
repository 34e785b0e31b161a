import { useId } from 'react';
import type { Strategy } from '../gql/graphql';
import type { Strategies } from '../lib/strategies';
import { ErrorNotice } from './error-notice';
import { Loading } from './status';

interface Props {
  value: Strategy;
  onChange: (strategy: Strategy) => void;
  /** useStrategies(): the server's list, so a new strategy shows up here without a client change */
  strategies: Strategies;
}

/**
 * Radio buttons (arrow keys move between them), one per strategy the server lists, in its order.
 * Each radio is described by the strategy's own one-line description; the chosen one's is shown below.
 */
export function StrategyPicker({ value, onChange, strategies }: Props) {
  const id = useId();
  const { list, loading, error, colorOf } = strategies;
  if (error && !list.length) return <ErrorNotice error={error} />;
  if (loading && !list.length) return <Loading label="Loading strategies…" />;
  const chosen = list.find((s) => s.name === value);
  return (
    <fieldset className="strategy-picker" aria-describedby={`${id}-help`}>
      <legend>Strategy</legend>
      {list.map((s) => (
        <label key={s.name} className={value === s.name ? 'chosen' : undefined} title={s.description}>
          <input type="radio" name="strategy" value={s.name} checked={value === s.name} onChange={() => onChange(s.name)} aria-describedby={`${id}-${s.name}`} />
          <span className="swatch" style={{ background: colorOf(s.name) }} aria-hidden="true" />
          {s.name}
        </label>
      ))}
      {/* each radio's description (hidden: the chosen one's is shown below; aria-describedby reads hidden text) */}
      <div hidden>
        {list.map((s) => (
          <span key={s.name} id={`${id}-${s.name}`}>
            {s.description}
          </span>
        ))}
      </div>
      <p id={`${id}-help`} className="meta strategy-help" data-testid="strategy-help">
        {chosen ? chosen.description : null}
      </p>
    </fieldset>
  );
}
