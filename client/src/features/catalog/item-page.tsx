import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import { RatingDistributionChart } from './rating-distribution-chart';

const ItemDetails = graphql(`
  query ItemDetails($id: ID!) {
    item(id: $id) {
      ...CatalogRow
      description
      ratingDistribution {
        rating
        count
      }
      similar(limit: 10) {
        ...CatalogRow
      }
    }
  }
`);

/** One item: facts, how people rated it, and items like it. */
export function ItemPage() {
  const { id = '' } = useParams();
  const { data, loading, error } = useQuery(ItemDetails, { variables: { id } });
  if (error && !data)
    return (
      <div className="page">
        <ErrorNotice error={error} />
      </div>
    );
  if (loading && !data)
    return (
      <div className="page">
        <Loading label="Loading the item…" />
      </div>
    );
  const item = data?.item;
  if (!item) return null;
  return (
    <div className="page">
      <p>
        <Link to="/catalog">← Catalog</Link>
      </p>
      <h1>
        {item.displayTitle} {item.year ? <span className="year">({item.year})</span> : null}
      </h1>
      {item.hidden ? <p className="notice">Hidden: this item is never recommended nor listed as similar, but stays readable here.</p> : null}
      {item.categories.length ? <p className="categories">{item.categories.join(' · ')}</p> : null}
      {item.description ? <p className="description">{item.description}</p> : null}
      <p className="meta">{item.averageRating != null ? `Average ${item.averageRating.toFixed(2)}★ from ${item.ratingCount} ratings` : 'Not rated yet'}</p>
      <div className="two-col">
        <section aria-labelledby="dist-heading">
          <h2 id="dist-heading">Rating distribution</h2>
          {item.ratingCount ? (
            <RatingDistributionChart buckets={item.ratingDistribution} label={`Ratings of ${item.displayTitle} per star value`} />
          ) : (
            <Empty>Nobody has rated this item yet.</Empty>
          )}
        </section>
        <section aria-labelledby="similar-heading">
          <h2 id="similar-heading">Similar items</h2>
          {item.similar.length === 0 ? (
            <Empty>No similar items known yet.</Empty>
          ) : (
            <ol className="similar-list">
              {item.similar.map((s) => (
                <li key={s.id}>
                  <Link to={`/items/${encodeURIComponent(s.id)}`}>{s.displayTitle}</Link>
                  {s.year ? ` (${s.year})` : ''} <span className="categories">{s.categories.join(' · ')}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
