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

/** One movie: facts, how people rated it, and movies like it. */
export function ItemPage() {
  const { id = '' } = useParams();
  const { data, loading, error } = useQuery(ItemDetails, { variables: { id } });
  if (error && !data) return <div className="page"><ErrorNotice error={error} /></div>;
  if (loading && !data) return <div className="page"><Loading label="Loading the movie…" /></div>;
  const item = data?.item;
  if (!item) return null;
  return (
    <div className="page">
      <p>
        <Link to="/catalog">← Catalog</Link>
      </p>
      <h1>
        {item.title} {item.year ? <span className="year">({item.year})</span> : null}
      </h1>
      <p className="genres">{item.genres.join(' · ')}</p>
      <p className="meta">
        {item.averageRating != null ? `Average ${item.averageRating.toFixed(2)}★ from ${item.ratingCount} ratings` : 'Not rated yet'}
      </p>
      <div className="two-col">
        <section aria-labelledby="dist-heading">
          <h2 id="dist-heading">Rating distribution</h2>
          {item.ratingCount ? (
            <RatingDistributionChart buckets={item.ratingDistribution} label={`Ratings of ${item.title} per star value`} />
          ) : (
            <Empty>Nobody has rated this movie yet.</Empty>
          )}
        </section>
        <section aria-labelledby="similar-heading">
          <h2 id="similar-heading">Similar movies</h2>
          {item.similar.length === 0 ? (
            <Empty>No similar movies known yet.</Empty>
          ) : (
            <ol className="similar-list">
              {item.similar.map((s) => (
                <li key={s.id}>
                  <Link to={`/items/${encodeURIComponent(s.id)}`}>{s.title}</Link>
                  {s.year ? ` (${s.year})` : ''} <span className="genres">{s.genres.join(' · ')}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
