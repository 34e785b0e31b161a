import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import type { CatalogRowFragment } from '../../gql/graphql';

export const CatalogRowFields = graphql(`
  fragment CatalogRow on Item {
    id
    title
    year
    genres
    averageRating
    ratingCount
  }
`);

const CatalogItems = graphql(`
  query CatalogItems($search: String, $genre: String, $after: String) {
    items(search: $search, genre: $genre, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CatalogRow
        }
      }
    }
  }
`);

const Genres = graphql(`
  query Genres {
    genres
  }
`);

function CatalogRow({ item }: { item: CatalogRowFragment }) {
  return (
    <tr>
      <td>
        <Link to={`/items/${encodeURIComponent(item.id)}`}>{item.title}</Link>
      </td>
      <td>{item.year ?? '—'}</td>
      <td className="genres">{item.genres.join(', ')}</td>
      <td className="num">{item.averageRating != null ? item.averageRating.toFixed(2) : '—'}</td>
      <td className="num">{item.ratingCount}</td>
    </tr>
  );
}

/** Search by title, filter by genre (both in the URL), page with cursors. */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const genre = params.get('genre') ?? '';
  // cursors of the pages before this one, so "Previous" works with forward-only cursors
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [draft, setDraft] = useState(search);
  const genres = useQuery(Genres, { fetchPolicy: 'cache-first' });
  const { data, loading, error } = useQuery(CatalogItems, {
    variables: { search: search || null, genre: genre || null, after },
  });
  const apply = (next: { q?: string; genre?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setCursors([null]);
    setParams(p);
  };
  const conn = data?.items;
  return (
    <div className="page">
      <h1>Catalog</h1>
      <form
        className="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ q: draft.trim() });
        }}
      >
        <label htmlFor="catalog-search">Title</label>
        <input id="catalog-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. star" />
        <button type="submit">Search</button>
        <label htmlFor="catalog-genre">Genre</label>
        <select id="catalog-genre" value={genre} onChange={(e) => apply({ genre: e.target.value })}>
          <option value="">All genres</option>
          {(genres.data?.genres ?? []).map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </form>
      {error && !data ? (
        <ErrorNotice error={error} />
      ) : loading && !data ? (
        <Loading label="Loading the catalog…" />
      ) : !conn || conn.edges.length === 0 ? (
        <Empty>No movies match{search ? ` “${search}”` : ''}{genre ? ` in ${genre}` : ''}.</Empty>
      ) : (
        <>
          <p className="meta" role="status">
            {conn.totalCount} movies · page {cursors.length}
          </p>
          <div className="table-wrap">
            <table className="catalog-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Year</th>
                  <th scope="col">Genres</th>
                  <th scope="col" className="num">Average</th>
                  <th scope="col" className="num">Ratings</th>
                </tr>
              </thead>
              <tbody>
                {conn.edges.map((e) => (
                  <CatalogRow key={e.node.id} item={e.node} />
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </button>
            <button
              type="button"
              disabled={!conn.pageInfo.hasNextPage}
              onClick={() => setCursors((c) => [...c, conn.pageInfo.endCursor ?? null])}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
