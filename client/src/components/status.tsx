import type { ReactNode } from 'react';

/** A polite "working on it" line that screen readers announce. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      {label}
    </p>
  );
}

/** Shown when a request worked but there is nothing to list. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="status status-empty">{children}</p>;
}
