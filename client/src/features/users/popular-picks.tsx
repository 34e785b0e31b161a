import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../../components/error-notice';
import { StarRating } from '../../components/star-rating';
import { Loading } from '../../components/status';
import { graphql } from '../../gql';

const PopularPicksQuery = graphql(`
  query PopularPicks {
    popularItems(limit: 24) {
      id
      displayTitle
      year
      categories
    }
  }
`);

interface Props {
  rated: Map<string, number>;
  onRate: (itemId: string, rating: number) => void;
  busy: boolean;
}

/** Popular items to rate first: a new user's quickest way to a personal list. */
export function PopularPicks({ rated, onRate, busy }: Props) {
  const { data, loading, error } = useQuery(PopularPicksQuery);
  if (error && !data) return <ErrorNotice error={error} />;
  if (loading && !data) return <Loading label="Loading popular items…" />;
  return (
    <ul className="picks" aria-label="Popular items to rate">
      {(data?.popularItems ?? []).map((item) => (
        <li key={item.id} className={`card pick${rated.has(item.id) ? ' picked' : ''}`} data-item-id={item.id}>
          <strong>{item.displayTitle}</strong>
          {item.year ? ` (${item.year})` : ''}
          {item.categories.length ? <span className="categories">{item.categories.join(' · ')}</span> : null}
          <StarRating label={item.displayTitle} value={rated.get(item.id)} onRate={(v) => onRate(item.id, v)} disabled={busy} />
        </li>
      ))}
    </ul>
  );
}
