import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ErrorNotice } from './error-notice';

interface Props {
  title: string;
  /** what will happen, said plainly */
  children: ReactNode;
  confirmLabel: string;
  /** when set, the confirm button stays disabled until exactly this text is typed (an id, say) */
  typeToConfirm?: string;
  /** the request is under way: both buttons wait */
  busy?: boolean;
  /** the last attempt failed: shown inside the dialog, which stays open */
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before something that cannot be undone. Keyboard-complete: focus moves into it
 * (to the text to type, else to Cancel), Tab stays inside, Escape cancels, and focus returns to
 * where it was when it closes.
 */
export function ConfirmDialog({ title, children, confirmLabel, typeToConfirm, busy = false, error, onConfirm, onCancel }: Props) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [typed, setTyped] = useState('');
  const ready = !busy && (typeToConfirm === undefined || typed.trim() === typeToConfirm);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('input, [data-autofocus]')?.focus();
    return () => before?.focus?.();
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' && !busy) {
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Tab' && box.current) {
      const focusable = [...box.current.querySelectorAll<HTMLElement>('input, button, a[href]')].filter((el) => !el.hasAttribute('disabled'));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={box} className="dialog card" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onKeyDown={onKeyDown}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) onConfirm();
          }}
        >
          {typeToConfirm !== undefined ? (
            <p>
              <label htmlFor={`${id}-typed`}>
                Type <code>{typeToConfirm}</code> to confirm
              </label>
              <input id={`${id}-typed`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
            </p>
          ) : null}
          {error ? <ErrorNotice error={error} /> : null}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={onCancel} disabled={busy} data-autofocus>
              Cancel
            </button>
            <button type="submit" className="danger" disabled={!ready}>
              {busy ? 'Working…' : confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
