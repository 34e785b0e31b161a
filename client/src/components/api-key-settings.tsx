import { useRef, useState, useSyncExternalStore } from 'react';
import { keySource, savePastedKey, subscribeApiKey } from '../lib/api-key';

const SOURCE_TEXT = {
  pasted: 'your pasted key',
  server: 'the local server’s web key',
  none: 'none: reading only',
} as const;

/** Shows which key requests carry, and lets the user paste one (needed when the server gives none). */
export function ApiKeySettings() {
  const source = useSyncExternalStore(subscribeApiKey, keySource, keySource);
  const [draft, setDraft] = useState('');
  const details = useRef<HTMLDetailsElement>(null);
  return (
    <details className="key-settings" ref={details}>
      <summary>
        API key: <span data-testid="key-source">{SOURCE_TEXT[source]}</span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          savePastedKey(draft);
          setDraft('');
          // fold away once saved: the summary line now says which key is in use
          if (details.current) details.current.open = false;
        }}
      >
        <label htmlFor="api-key-input">Paste an API key (kept in this browser)</label>
        <input id="api-key-input" type="password" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Save key</button>
        {source === 'pasted' ? (
          <button type="button" onClick={() => savePastedKey('')}>
            Forget pasted key
          </button>
        ) : null}
      </form>
    </details>
  );
}
