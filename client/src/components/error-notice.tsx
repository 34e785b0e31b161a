import { Link } from 'react-router-dom';
import { describeError } from '../lib/describe-error';

interface Props {
  error: unknown;
  /** the user id the failing request was about: NOT_FOUND then offers to create that user */
  userId?: string;
}

/** An error said plainly, with the next step a person can take. */
export function ErrorNotice({ error, userId }: Props) {
  const { code, title, detail } = describeError(error);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      {code === 'NOT_FOUND' && userId ? (
        <p>
          No user has the id <code>{userId}</code> yet. <Link to={`/new-user?id=${encodeURIComponent(userId)}`}>Create user {userId}</Link> and rate a few items to get
          recommendations.
        </p>
      ) : (
        <p>{detail}</p>
      )}
      {code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? (
        <p>
          Create a key on the server with <code>npm run key -- create --scope write --name web</code> (the last line printed is the key), then paste it under <em>API key</em> at
          the top of the page. <Link to="/api#keys">More about keys</Link>.
        </p>
      ) : null}
    </div>
  );
}
