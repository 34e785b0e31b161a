import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../../components/error-notice';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import type { Strategy } from '../../gql/graphql';
import { RecommendationCard } from './recommendation-card';
import { useRateItem } from './use-rate-item';

const Recommendations = graphql(`
  query Recommendations($userId: ID!, $strategy: Strategy!, $limit: Int!) {
    recommendations(userId: $userId, strategy: $strategy, limit: $limit) {
      ...RecommendationCard
    }
  }
`);

interface Props {
  userId: string;
  strategy: Strategy;
  limit?: number;
}

/** The user's top-N for one strategy; rating an item removes it at once and refreshes the list. */
export function RecommendationList({ userId, strategy, limit = 10 }: Props) {
  const { data, loading, error } = useQuery(Recommendations, { variables: { userId, strategy, limit } });
  const { rate, rating, error: rateError, rated } = useRateItem(userId, ['Recommendations', 'RatingHistory']);
  const list = (data?.recommendations ?? []).filter((r) => !rated.has(r.item.id));
  return (
    <section aria-labelledby="recs-heading" className="recs">
      <h2 id="recs-heading">
        Recommendations for user {userId} <span className="sub">({strategy})</span>
      </h2>
      {rateError ? <ErrorNotice error={rateError} /> : null}
      <p className="status" role="status" aria-live="polite">
        {rating ? 'Saving your rating and refreshing…' : rated.size ? `You rated ${rated.size} item${rated.size > 1 ? 's' : ''} here; the list is up to date.` : ''}
      </p>
      {error && !data ? (
        <ErrorNotice error={error} userId={userId} />
      ) : loading && !data ? (
        <Loading label="Loading recommendations…" />
      ) : list.length === 0 ? (
        <Empty>No recommendations: this user may have rated everything this strategy can offer.</Empty>
      ) : (
        <ol className="rec-list" aria-label="Recommendations">
          {list.map((r, i) => (
            <RecommendationCard key={r.item.id} rank={i + 1} recommendation={r} onRate={rate} rating={rating} />
          ))}
        </ol>
      )}
    </section>
  );
}
