import { useState } from 'react';
import { TasteMap } from './taste-map';

/** The dashboard's taste map: the catalog alone, or with a user placed on it (an optional id field). */
export function TasteMapPanel() {
  const [draft, setDraft] = useState('');
  const [userId, setUserId] = useState('');
  const field = (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setUserId(draft.trim());
      }}
    >
      <label htmlFor="taste-map-user">Place a user on the map</label>
      <input id="taste-map-user" placeholder="User ID (optional)" value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="off" />
      <button type="submit">{draft.trim() ? 'Show user' : 'Catalog only'}</button>
    </form>
  );
  return <TasteMap key={userId} userId={userId || undefined} controls={field} />;
}
