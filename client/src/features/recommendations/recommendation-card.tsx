import { Link } from 'react-router-dom';
import { StarRating } from '../../components/star-rating';
import { graphql } from '../../gql';
import type { RecommendationCardFragment } from '../../gql/graphql';

export const RecommendationCardFields = graphql(`
  fragment RecommendationCard on Recommendation {
    score
    strategy
    reasons
    item {
      id
      displayTitle
      year
      categories
      averageRating
      ratingCount
    }
  }
`);

interface Props {
  rank: number;
  recommendation: RecommendationCardFragment;
  onRate?: (itemId: string, rating: number) => void;
  rating?: boolean;
}

/** One recommended item: what it is, why it is here, and stars to rate it. */
export function RecommendationCard({ rank, recommendation: r, onRate, rating = false }: Props) {
  const { item } = r;
  return (
    <li className="card rec-card" data-item-id={item.id}>
      <div className="rec-head">
        <span className="rank" aria-hidden="true">
          {rank}
        </span>
        <h3 className="rec-title">
          <Link to={`/items/${encodeURIComponent(item.id)}`}>{item.displayTitle}</Link>
          {item.year ? <span className="year"> ({item.year})</span> : null}
        </h3>
        <span className={`badge strategy-${r.strategy.toLowerCase()}`} title="strategy that produced this">
          {r.strategy}
        </span>
      </div>
      {item.categories.length ? <p className="categories">{item.categories.join(' · ')}</p> : null}
      <p className="meta">
        score <strong className="score">{r.score.toFixed(2)}</strong>
        {item.averageRating != null ? ` · average ${item.averageRating.toFixed(1)}★ from ${item.ratingCount}` : ''}
      </p>
      <ul className="reasons">
        {r.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {onRate ? <StarRating label={item.displayTitle} onRate={(v) => onRate(item.id, v)} disabled={rating} /> : null}
    </li>
  );
}
