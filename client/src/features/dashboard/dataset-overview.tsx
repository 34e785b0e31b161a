import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/status';
import { graphql } from '../../gql';
import { LongTailChart, RatingHistogramChart } from './dataset-charts';
import { InteractionsByType } from './interactions-by-type';

const DatasetOverviewQuery = graphql(`
  query DatasetOverview {
    datasetStats {
      users
      items
      interactions
      ratings
      density
      ratingHistogram {
        rating
        count
      }
      interactionsByType {
        kind
        polarity
        count
      }
      itemPopularity
    }
  }
`);

/** The data the models learn from: sizes, sparsity, ratings per star, interactions per feedback type, the long tail. */
export function DatasetOverview() {
  const { data, loading, error } = useQuery(DatasetOverviewQuery);
  if (error && !data) return <ErrorNotice error={error} />;
  if (loading && !data) return <Loading label="Loading dataset statistics…" />;
  const s = data?.datasetStats;
  if (!s) return null;
  const stats: [string, string][] = [
    ['Users', s.users.toLocaleString()],
    ['Items', s.items.toLocaleString()],
    ['Interactions', s.interactions.toLocaleString()],
    ['Ratings', s.ratings.toLocaleString()],
    ['Density', `${(s.density * 100).toFixed(2)}%`],
  ];
  return (
    <section aria-labelledby="dataset-heading">
      <h2 id="dataset-heading">Dataset</h2>
      <dl className="stat-grid">
        {stats.map(([k, v]) => (
          <div key={k} className="card stat">
            <dt>{k}</dt>
            <dd data-testid={`stat-${k.toLowerCase()}`}>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="two-col even">
        <div>
          <h3>Rating histogram</h3>
          <RatingHistogramChart buckets={s.ratingHistogram} />
        </div>
        <div>
          <h3>Long tail</h3>
          <LongTailChart popularity={s.itemPopularity} />
        </div>
      </div>
      <h3 id="kinds-heading">Interactions by feedback type</h3>
      <p className="meta">
        Every declared feedback type (view, purchase, dislike…), explicit ratings, and any kind still stored that no type declares. A type’s weight and polarity say how much its
        events count in training.
      </p>
      <InteractionsByType counts={s.interactionsByType} />
    </section>
  );
}
