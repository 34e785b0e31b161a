import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../gql';

const UserIdSuggestions = graphql(`
  query UserIdSuggestions($prefix: String!) {
    userIds(prefix: $prefix, limit: 10)
  }
`);

interface Props {
  initial?: string;
  onSubmit: (userId: string) => void;
  submitLabel?: string;
}

/** A labelled User ID field with suggestions of existing ids (a native datalist: keyboard-friendly). */
export function UserIdForm({ initial = '', onSubmit, submitLabel = 'Show recommendations' }: Props) {
  const [value, setValue] = useState(initial);
  // a new `initial` (another user chosen elsewhere) replaces the text, during render rather than in
  // an effect, so the stale text is never shown
  const [shownInitial, setShownInitial] = useState(initial);
  if (initial !== shownInitial) {
    setShownInitial(initial);
    setValue(initial);
  }
  const { data } = useQuery(UserIdSuggestions, { variables: { prefix: value.trim() }, fetchPolicy: 'cache-first' });
  const suggestions = data?.userIds ?? [];
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const id = value.trim();
        if (id) onSubmit(id);
      }}
    >
      <label htmlFor="user-id">User ID</label>
      <input id="user-id" name="user" list="user-id-suggestions" autoComplete="off" placeholder="e.g. 1" value={value} onChange={(e) => setValue(e.target.value)} required />
      <datalist id="user-id-suggestions">
        {suggestions.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <button type="submit">{submitLabel}</button>
    </form>
  );
}
