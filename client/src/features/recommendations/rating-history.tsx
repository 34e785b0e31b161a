import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../../components/error-notice';
import { StarRating } from '../../components/star-rating';
import { Empty, Loading } from '../../components/status';
import { graphql } from '../../gql';
import type { RatingHistoryRowFragment } from '../../gql/graphql';
import { describeError } from '../../lib/describe-error';

export const RatingHistoryRowFields = graphql(`
  fragment RatingHistoryRow on Rating {
    rating
    ratedAt
    item {
      id
      displayTitle
      year
    }
  }
`);

const RatingHistoryQuery = graphql(`
  query RatingHistory($userId: ID!, $first: Int!) {
    user(id: $userId) {
      id
      ratingCount
      interactionCount
      ratings(first: $first) {
        totalCount
        pageInfo {
          hasNextPage
        }
        edges {
          node {
            ...RatingHistoryRow
          }
        }
      }
    }
  }
`);

const PAGE = 20;

function RatingHistoryRow({ r }: { r: RatingHistoryRowFragment }) {
  return (
    <li>
      <Link to={`/items/${encodeURIComponent(r.item.id)}`}>{r.item.displayTitle}</Link>
      {r.item.year ? ` (${r.item.year})` : ''} <StarRating label={r.item.displayTitle} value={r.rating} />
      <time dateTime={r.ratedAt}>{new Date(r.ratedAt).toLocaleDateString()}</time>
    </li>
  );
}

/** What the user rated, newest first; "show more" grows the page. */
export function RatingHistory({ userId }: { userId: string }) {
  const [first, setFirst] = useState(PAGE);
  const { data, loading, error } = useQuery(RatingHistoryQuery, { variables: { userId, first } });
  const user = data?.user;
  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading">Rating history</h2>
      {error && !user ? (
        // the list beside already explains an unknown user
        describeError(error).code === 'NOT_FOUND' ? null : (
          <ErrorNotice error={error} />
        )
      ) : loading && !user ? (
        <Loading label="Loading history…" />
      ) : user ? (
        <>
          <p className="meta">
            {user.ratingCount} ratings · {user.interactionCount} interactions
          </p>
          {user.ratings.edges.length === 0 ? (
            <Empty>No ratings yet. Rate a recommendation to start.</Empty>
          ) : (
            <ul className="history-list">
              {user.ratings.edges.map((e) => (
                <RatingHistoryRow key={e.node.item.id} r={e.node} />
              ))}
            </ul>
          )}
          {user.ratings.pageInfo.hasNextPage ? (
            <button type="button" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))} disabled={first >= 100}>
              Show more
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
