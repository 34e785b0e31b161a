import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/status';
import { graphql } from '../../gql';
import { useStrategies } from '../../lib/strategies';
import { RecommendationCard } from '../recommendations/recommendation-card';
import { useRateItem } from '../recommendations/use-rate-item';
import { CreateUserForm } from './create-user-form';
import { PopularPicks } from './popular-picks';

const ColdStartRecommendations = graphql(`
  query ColdStartRecommendations($userId: ID!) {
    user(id: $userId) {
      id
      ratingCount
    }
    recommendations(userId: $userId, strategy: AUTO, limit: 10) {
      ...RecommendationCard
    }
  }
`);

/** A new user's recommendations (AUTO), refreshed after every rating: popularity until personal. */
function LiveRecommendations({ userId, ratedHere }: { userId: string; ratedHere: number }) {
  const { data, loading, error } = useQuery(ColdStartRecommendations, { variables: { userId } });
  const strategies = useStrategies();
  if (error && !data) return <ErrorNotice error={error} userId={userId} />;
  if ((loading && !data) || (strategies.loading && !strategies.list.length)) return <Loading label="Loading recommendations…" />;
  if (!data) return null;
  const source = data.recommendations[0]?.strategy;
  // personal when the strategy AUTO chose is (Query.strategies says which are)
  const personal = !!source && !!strategies.byName(source)?.personalized;
  return (
    <section aria-labelledby="live-heading">
      <h2 id="live-heading">Recommendations for {userId}</h2>
      <p className={`notice ${personal ? 'notice-ok' : ''}`} role="status" aria-live="polite" data-testid="cold-start-state">
        {personal
          ? `Personalized now: these come from ${source}, learned from your ${data.user.ratingCount} ratings.`
          : `Cold start: ${data.user.ratingCount} rating${data.user.ratingCount === 1 ? '' : 's'} so far, so these are popular picks. Keep rating.`}
      </p>
      {ratedHere ? null : <p className="meta">Rate a few items on the left; this list follows each rating.</p>}
      <ol className="rec-list" aria-label="Recommendations">
        {data.recommendations.map((r, i) => (
          <RecommendationCard key={r.item.id} rank={i + 1} recommendation={r} />
        ))}
      </ol>
      <p>
        <Link to={`/?user=${encodeURIComponent(userId)}`}>Open {userId} on the Recommend page</Link>
      </p>
    </section>
  );
}

function Onboarding({ userId }: { userId: string }) {
  const { rate, rating, error, rated } = useRateItem(userId, ['ColdStartRecommendations']);
  return (
    <div className="two-col">
      <section aria-labelledby="picks-heading">
        <h2 id="picks-heading">Rate items you know</h2>
        {error ? <ErrorNotice error={error} /> : null}
        <PopularPicks rated={rated} onRate={rate} busy={rating} />
      </section>
      <LiveRecommendations userId={userId} ratedHere={rated.size} />
    </div>
  );
}

/** New user / cold start: create a user, rate popular items, watch the list turn personal. */
export function NewUserPage() {
  const [params, setParams] = useSearchParams();
  const userId = params.get('user')?.trim() || '';
  return (
    <div className="page">
      <h1>New user</h1>
      {userId ? (
        <Onboarding key={userId} userId={userId} />
      ) : (
        <>
          <p className="intro">
            A new user has no history, so recommendations start from what is popular. Create one, rate a few items, and see the reasons change from “cold start” to personal ones.
          </p>
          <CreateUserForm initial={params.get('id') ?? undefined} onCreated={(id) => setParams({ user: id })} />
        </>
      )}
    </div>
  );
}
