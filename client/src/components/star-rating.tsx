import { useState } from 'react';

interface Props {
  /** what is being rated, for the accessible names ("Rate Alien: 3.5 stars") */
  label: string;
  value?: number | null;
  onRate?: (rating: number) => void;
  disabled?: boolean;
}

const STEPS = Array.from({ length: 10 }, (_, i) => (i + 1) / 2);

/**
 * Five stars in half steps (0.5–5, the API's scale). Each half star is a button, so a keyboard
 * user tabs to a value and presses Enter; without onRate it only displays the value.
 */
export function StarRating({ label, value, onRate, disabled }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? value ?? 0;
  if (!onRate) {
    return (
      <span className="stars stars-readonly" role="img" aria-label={`${value ?? 0} stars`}>
        {STEPS.map((s) => (
          <span key={s} className={`half ${s % 1 ? 'left' : 'right'} ${s <= shown ? 'on' : ''}`} aria-hidden="true">
            ★
          </span>
        ))}
      </span>
    );
  }
  return (
    <span className="stars" role="group" aria-label={`Rate ${label}`} onMouseLeave={() => setHover(null)}>
      {STEPS.map((s) => (
        <button
          key={s}
          type="button"
          className={`half ${s % 1 ? 'left' : 'right'} ${s <= shown ? 'on' : ''}`}
          aria-label={`${s} stars`}
          aria-pressed={value === s}
          title={`${s} ★`}
          disabled={disabled}
          onMouseEnter={() => setHover(s)}
          onFocus={() => setHover(s)}
          onBlur={() => setHover(null)}
          onClick={() => onRate(s)}
        >
          ★
        </button>
      ))}
    </span>
  );
}
