import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../components/error-notice';
import { describeError } from '../../lib/describe-error';
import { graphql } from '../../gql';

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      ratingCount
    }
  }
`);

function randomId(): string {
  return `guest-${Math.random().toString(36).slice(2, 8)}`;
}

/** Choose an id (a random one is offered) and create the user. */
export function CreateUserForm({ initial, onCreated }: { initial?: string; onCreated: (id: string) => void }) {
  const [id, setId] = useState(initial || randomId);
  const [create, { loading }] = useMutation(CreateUser);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const res = await create({ variables: { input: { id: id.trim() } } });
          if (res.data) onCreated(res.data.createUser.id);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <label htmlFor="new-user-id">Choose a user ID</label>
      <input id="new-user-id" value={id} onChange={(e) => setId(e.target.value)} maxLength={128} required autoComplete="off" />
      <button type="submit" disabled={loading}>
        {loading ? 'Creating…' : 'Create user'}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
      {/* the API answers BAD_USER_INPUT "already exists" for a taken id: offer to carry on with it */}
      {error && describeError(error).code === 'BAD_USER_INPUT' && /already exists/.test(describeError(error).detail) ? (
        <Link to={`/new-user?user=${encodeURIComponent(id.trim())}`}>Continue with the existing user {id.trim()}</Link>
      ) : null}
    </form>
  );
}
