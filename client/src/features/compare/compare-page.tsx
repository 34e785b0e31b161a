import { useQuery } from '@apollo/client/react';
import { useSearchParams } from 'react-router-dom';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/status';
import { UserIdForm } from '../../components/user-id-form';
import { graphql } from '../../gql';
import { useSelectedUser } from '../../lib/selected-user';
import { useStrategies } from '../../lib/strategies';
import { countAcrossLists, tasteCategories } from './compare-overlap';
import { StrategyColumn } from './strategy-column';

const CompareStrategies = graphql(`
  query CompareStrategies($userId: ID!) {
    compareStrategies(userId: $userId, limit: 10) {
      ...CompareColumn
    }
    user(id: $userId) {
      id
      ratingCount
      ratings(first: 100) {
        edges {
          node {
            rating
            item {
              id
              categories
            }
          }
        }
      }
    }
  }
`);

/** The same user's top-10 from every strategy, side by side (?user=…, else the user chosen on Recommend). */
export function ComparePage() {
  const [, setParams] = useSearchParams();
  const userId = useSelectedUser();
  const { data, loading, error } = useQuery(CompareStrategies, { variables: { userId }, skip: !userId });
  const strategies = useStrategies();
  // the server's order (Query.strategies), whatever order the columns arrive in
  const columns = [...(data?.compareStrategies ?? [])].sort((a, b) => strategies.rankOf(a.strategy) - strategies.rankOf(b.strategy));
  const shared = countAcrossLists(columns.map((c) => c.recommendations.map((r) => r.item)));
  const taste = tasteCategories((data?.user.ratings.edges ?? []).map((e) => ({ rating: e.node.rating, categories: e.node.item.categories })));
  return (
    <div className="page">
      <h1>Compare strategies</h1>
      <UserIdForm initial={userId} onSubmit={(user) => setParams({ user })} submitLabel="Compare" />
      {!userId ? (
        <p className="intro">Enter a User ID to see the top 10 of every strategy side by side.</p>
      ) : error && !data ? (
        <ErrorNotice error={error} userId={userId} />
      ) : loading && !data ? (
        <Loading label="Asking every strategy…" />
      ) : (
        <>
          <p className="legend">
            Your taste (categories you rate 4★ and up):{' '}
            {taste.length
              ? taste.map((g) => (
                  <span key={g} className="category taste">
                    {g}
                  </span>
                ))
              : 'none yet'}
            . Highlighted titles appear in more than one list.
          </p>
          <div className="compare-grid">
            {columns.map((c) => (
              <StrategyColumn
                key={c.strategy}
                column={c}
                shared={shared}
                taste={taste}
                description={strategies.byName(c.strategy)?.description}
                color={strategies.colorOf(c.strategy)}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
