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
    displayTitle
    year
    categories
    hidden
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

// Query.genres lists every category in the catalog (the name is the demo's)
const Categories = graphql(`
  query Categories {
    genres
  }
`);

function CatalogRow({ item, showYear }: { item: CatalogRowFragment; showYear: boolean }) {
  return (
    <tr>
      <td>
        <Link to={`/items/${encodeURIComponent(item.id)}`}>{item.displayTitle}</Link>
        {item.hidden ? <span className="badge badge-hidden">hidden</span> : null}
      </td>
      {showYear ? <td>{item.year ?? '—'}</td> : null}
      <td className="categories">{item.categories.join(', ')}</td>
      <td className="num">{item.averageRating != null ? item.averageRating.toFixed(2) : '—'}</td>
      <td className="num">{item.ratingCount}</td>
    </tr>
  );
}

/** Search by title, filter by category (both in the URL), page with cursors. */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  // ?category= (older links say ?genre=); the API's items(genre:) filters by one category
  const category = params.get('category') ?? params.get('genre') ?? '';
  // cursors of the pages before this one, so "Previous" works with forward-only cursors
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [draft, setDraft] = useState(search);
  const categories = useQuery(Categories, { fetchPolicy: 'cache-first' });
  const { data, loading, error } = useQuery(CatalogItems, {
    variables: { search: search || null, genre: category || null, after },
  });
  const apply = (next: { q?: string; category?: string }) => {
    const p = new URLSearchParams(params);
    p.delete('genre');
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setCursors([null]);
    setParams(p);
  };
  const conn = data?.items;
  // a catalog without publication dates (a shop, say) has no Year column at all
  const showYear = !!conn?.edges.some((e) => e.node.year != null);
  return (
    <div className="page">
      <h1>Catalog</h1>
      <p className="meta">
        To add, edit, hide or delete items, use the <Link to="/admin/catalog">catalog admin</Link> page (needs a write key).
      </p>
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
        <label htmlFor="catalog-category">Category</label>
        <select id="catalog-category" value={category} onChange={(e) => apply({ category: e.target.value })}>
          <option value="">All categories</option>
          {(categories.data?.genres ?? []).map((g) => (
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
        <Empty>
          No items match{search ? ` “${search}”` : ''}
          {category ? ` in ${category}` : ''}.
        </Empty>
      ) : (
        <>
          <p className="meta" role="status">
            {conn.totalCount} {conn.totalCount === 1 ? 'item' : 'items'} · page {cursors.length}
          </p>
          {/* a region that takes focus: a keyboard can scroll it when the table is wider than the page (axe: scrollable-region-focusable) */}
          <div className="table-wrap" role="region" aria-label="Catalog items" tabIndex={0}>
            <table className="catalog-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  {showYear ? <th scope="col">Year</th> : null}
                  <th scope="col">Categories</th>
                  <th scope="col" className="num">
                    Average
                  </th>
                  <th scope="col" className="num">
                    Ratings
                  </th>
                </tr>
              </thead>
              <tbody>
                {conn.edges.map((e) => (
                  <CatalogRow key={e.node.id} item={e.node} showYear={showYear} />
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
    </div>
  );
}
