import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { graphql } from '../../gql';
import { forgetSelectedUser } from '../../lib/selected-user';
import { useViewer } from '../../lib/use-viewer';

const UserToDelete = graphql(`
  query UserToDelete($id: ID!) {
    user(id: $id) {
      id
      interactionCount
    }
  }
`);

const DeleteUser = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

/** what the page the user lands on after a deletion says (router state: nothing in the URL) */
export interface DeletedUserNotice {
  deletedUser: string;
}

/**
 * "Delete this user": erasure, after typing the id. The user, every interaction and cached list of
 * theirs go at once and served models forget them; then the page leaves the user and says so.
 */
export function DeleteUserSection({ userId }: { userId: string }) {
  const { canWrite } = useViewer();
  const { data } = useQuery(UserToDelete, { variables: { id: userId }, errorPolicy: 'all' });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [deleteUser, { loading }] = useMutation(DeleteUser);
  const client = useApolloClient();
  const navigate = useNavigate();
  const user = data?.user;
  if (!user) return null; // unknown id: the page already says so

  const confirm = async () => {
    setError(null);
    try {
      await deleteUser({ variables: { id: userId } });
      forgetSelectedUser(userId);
      // gone from the cache too, so coming back to this id asks the server (which says "no such user");
      // quietly: the queries still on screen would otherwise refetch the deleted user before the page leaves
      client.cache.evict({ id: client.cache.identify({ __typename: 'User', id: userId }), broadcast: false });
      // react-router's navigate may return a promise (data routers); this router's does nothing to wait for
      void navigate('/', { state: { deletedUser: userId } satisfies DeletedUserNotice });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="card danger-zone" aria-labelledby="delete-user-heading">
      <h2 id="delete-user-heading">Delete this user</h2>
      <p className="meta">
        Erases user {userId}: their {user.interactionCount} interaction{user.interactionCount === 1 ? '' : 's'} and cached lists go at once, and every served model forgets them
        within seconds. This cannot be undone.
      </p>
      {canWrite ? (
        <button
          type="button"
          className="danger"
          onClick={() => {
            setError(null);
            setOpen(true);
          }}
        >
          Delete user {userId}…
        </button>
      ) : (
        <p className="meta">
          Deleting needs a <strong>write</strong> key: paste one under <em>API key</em> at the top. <Link to="/api#keys">About keys</Link>
        </p>
      )}
      {open ? (
        <ConfirmDialog
          title={`Delete user ${userId}?`}
          confirmLabel="Delete this user"
          typeToConfirm={userId}
          busy={loading}
          error={error}
          onCancel={() => setOpen(false)}
          onConfirm={() => void confirm()}
        >
          <p>
            User <code>{userId}</code>, their ratings and every other interaction, and their cached recommendations are deleted for good; the models being served forget them within
            seconds. Model versions trained before the deletion keep what they learned until they are retrained and pruned (README: <em>Erasure</em>).
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
