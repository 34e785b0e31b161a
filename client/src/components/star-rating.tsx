import { type KeyboardEvent, useRef, useState } from 'react';

interface Props {
  /** what is being rated, for the accessible names ("Rate Alien: 3.5 stars") */
  label: string;
  value?: number | null;
  onRate?: (rating: number) => void;
  disabled?: boolean;
}

const STEPS = Array.from({ length: 10 }, (_, i) => (i + 1) / 2);

/**
 * Five stars in half steps (0.5–5, the API's scale). Each half star is a button; one tab stop
 * per widget (roving tabindex): arrow keys, Home and End move between values, Enter or Space
 * rates. Without onRate it only displays the value.
 */
export function StarRating({ label, value, onRate, disabled }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const [focusIndex, setFocusIndex] = useState(() => Math.max(0, STEPS.indexOf(value ?? 3)));
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const shown = hover ?? value ?? 0;
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowRight: focusIndex + 1,
      ArrowUp: focusIndex + 1,
      ArrowLeft: focusIndex - 1,
      ArrowDown: focusIndex - 1,
      Home: 0,
      End: STEPS.length - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = Math.min(STEPS.length - 1, Math.max(0, moves[e.key]));
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };
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
    <span className="stars" role="group" aria-label={`Rate ${label}`} onMouseLeave={() => setHover(null)} onKeyDown={onKeyDown}>
      {STEPS.map((s, i) => (
        <button
          key={s}
          ref={(el) => {
            buttons.current[i] = el;
          }}
          type="button"
          tabIndex={i === focusIndex ? 0 : -1}
          className={`half ${s % 1 ? 'left' : 'right'} ${s <= shown ? 'on' : ''}`}
          aria-label={`${s} stars`}
          aria-pressed={value === s}
          title={`${s} ★`}
          disabled={disabled}
          onMouseEnter={() => setHover(s)}
          onFocus={() => {
            setHover(s);
            setFocusIndex(i);
          }}
          onBlur={() => setHover(null)}
          onClick={() => onRate(s)}
        >
          ★
        </button>
      ))}
    </span>
  );
}
