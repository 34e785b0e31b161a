import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import type { AdminItemFragment } from '../../gql/graphql';
import { useViewer } from '../../lib/use-viewer';
import { DeleteItem } from './admin-item';
import { formatPublishedAt } from './item-form-values';
import { ItemForm } from './item-form';

const AdminItems = graphql(`
  query AdminItems($search: String, $after: String) {
    items(search: $search, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AdminItem
        }
      }
    }
  }
`);

// a field left out of ItemInput keeps its value: hiding states only the id, the (required) title and `hidden`
const SetItemHidden = graphql(`
  mutation SetItemHidden($id: ID!, $title: String!, $hidden: Boolean!) {
    upsertItems(inputs: [{ id: $id, title: $title, hidden: $hidden }]) {
      ...AdminItem
    }
  }
`);

type Editing = { mode: 'add' } | { mode: 'edit'; item: AdminItemFragment } | null;

const itemLink = (item: { id: string; displayTitle: string }) => <Link to={`/items/${encodeURIComponent(item.id)}`}>{item.displayTitle}</Link>;

/**
 * The catalog, for the people who keep it (a write key): search, add or edit an item, hide or show
 * it, delete it. Every change goes through the same API calls a shop's backend would make.
 */
export function CatalogAdminPage() {
  const { canWrite, loading: viewerLoading } = useViewer();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [draft, setDraft] = useState(search);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data, loading, error } = useQuery(AdminItems, { variables: { search: search || null, after } });
  const [editing, setEditing] = useState<Editing>(null);
  const [outcome, setOutcome] = useState<ReactNode>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [toDelete, setToDelete] = useState<AdminItemFragment | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const client = useApolloClient();
  const [setHidden, hiding] = useMutation(SetItemHidden);
  const [deleteItem, deleting] = useMutation(DeleteItem, { refetchQueries: ['AdminItems'], awaitRefetchQueries: true });

  const conn = data?.items;
  const toggleHidden = async (item: AdminItemFragment) => {
    setActionError(null);
    setOutcome(null);
    try {
      await setHidden({ variables: { id: item.id, title: item.title, hidden: !item.hidden } });
      setOutcome(
        item.hidden ? (
          <>{itemLink(item)} is shown again: lists may recommend it.</>
        ) : (
          <>{itemLink(item)} is hidden: no list recommends it or calls it similar; it stays readable by its id.</>
        ),
      );
    } catch (e) {
      setActionError(e);
    }
  };
  const confirmDelete = async () => {
    if (!toDelete) return;
    setDeleteError(null);
    try {
      await deleteItem({ variables: { id: toDelete.id } });
      client.cache.evict({ id: client.cache.identify({ __typename: 'Item', id: toDelete.id }) });
      client.cache.gc();
      setOutcome(`Deleted “${toDelete.displayTitle}” (id ${toDelete.id}) and every interaction with it.`);
      if (editing?.mode === 'edit' && editing.item.id === toDelete.id) setEditing(null);
      setToDelete(null);
    } catch (e) {
      setDeleteError(e);
    }
  };

  return (
    <div className="page">
      <h1>Catalog admin</h1>
      <p className="intro">
        Add, edit, hide or delete items. A change applies to every list at once: a new item can be recommended as popular straight away, a hidden one is never recommended.{' '}
        <Link to="/catalog">Browse the catalog</Link>
      </p>
      {!canWrite && !viewerLoading ? (
        <p className="notice" data-testid="needs-write-key">
          Changing the catalog needs a <strong>write</strong> key. Create one on the server with <code>npm run key -- create --scope write --name catalog</code> and paste it under{' '}
          <em>API key</em> at the top. <Link to="/api#keys">About keys</Link>
        </p>
      ) : null}
      <p className={outcome ? 'notice notice-ok' : 'status'} role="status" aria-live="polite" data-testid="admin-outcome">
        {outcome}
      </p>
      {actionError ? <ErrorNotice error={actionError} /> : null}

      {editing ? (
        <ItemForm
          key={editing.mode === 'edit' ? editing.item.id : 'new'}
          item={editing.mode === 'edit' ? editing.item : undefined}
          onCancel={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setOutcome(
              created ? (
                <>
                  Added {itemLink(saved)} (id {saved.id}).
                </>
              ) : (
                <>Saved {itemLink(saved)}.</>
              ),
            );
            if (created) void client.refetchQueries({ include: ['AdminItems'] });
          }}
        />
      ) : canWrite ? (
        <p>
          <button
            type="button"
            onClick={() => {
              setOutcome(null);
              setEditing({ mode: 'add' });
            }}
          >
            Add an item
          </button>
        </p>
      ) : null}

      <h2>Items</h2>
      <form
        className="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const p = new URLSearchParams(params);
          if (draft.trim()) p.set('q', draft.trim());
          else p.delete('q');
          setCursors([null]);
          setParams(p);
        }}
      >
        <label htmlFor="admin-search">Search titles</label>
        <input id="admin-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      {error && !data ? (
        <ErrorNotice error={error} />
      ) : loading && !data ? (
        <Loading label="Loading items…" />
      ) : !conn || conn.edges.length === 0 ? (
        <Empty>No items{search ? ` match “${search}”` : ' yet'}.</Empty>
      ) : (
        <>
          <p className="meta">
            {conn.totalCount} {conn.totalCount === 1 ? 'item' : 'items'} · page {cursors.length}
          </p>
          {/* a region that takes focus: a keyboard can scroll it when the table is wider than the page (axe: scrollable-region-focusable) */}
          <div className="table-wrap" role="region" aria-label="Catalog items to manage" tabIndex={0}>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">ID</th>
                  <th scope="col">Categories</th>
                  <th scope="col">Published</th>
                  <th scope="col">Status</th>
                  {canWrite ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {conn.edges.map(({ node: item }) => (
                  <tr key={item.id} data-item-id={item.id} className={item.hidden ? 'row-hidden' : undefined}>
                    <td>{itemLink(item)}</td>
                    <td>
                      <code>{item.id}</code>
                    </td>
                    <td className="categories">{item.categories.join(', ')}</td>
                    <td>{formatPublishedAt(item.publishedAt) || '—'}</td>
                    <td data-testid="item-status">{item.hidden ? 'Hidden' : 'Shown'}</td>
                    {canWrite ? (
                      <td>
                        <div className="row-actions">
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => {
                              setOutcome(null);
                              setEditing({ mode: 'edit', item });
                            }}
                            aria-label={`Edit ${item.displayTitle}`}
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => void toggleHidden(item)}
                            disabled={hiding.loading}
                            aria-label={`${item.hidden ? 'Show' : 'Hide'} ${item.displayTitle}`}
                          >
                            {item.hidden ? 'Show' : 'Hide'}
                          </button>
                          <button
                            type="button"
                            className="danger"
                            onClick={() => {
                              setDeleteError(null);
                              setToDelete(item);
                            }}
                            aria-label={`Delete ${item.displayTitle}`}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </button>
            <button type="button" disabled={!conn.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, conn.pageInfo.endCursor ?? null])}>
              Next
            </button>
          </nav>
        </>
      )}

      {toDelete ? (
        <ConfirmDialog
          title={`Delete “${toDelete.displayTitle}”?`}
          confirmLabel="Delete item"
          busy={deleting.loading}
          error={deleteError}
          onCancel={() => setToDelete(null)}
          onConfirm={() => void confirmDelete()}
        >
          <p>
            The item <code>{toDelete.id}</code> and every interaction with it (ratings, views, purchases…) are deleted for good; no list shows it any more. To keep it but stop
            recommending it, hide it instead.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
