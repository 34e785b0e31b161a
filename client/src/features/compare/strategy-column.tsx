import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { CompareColumnFragment } from '../../gql/graphql';
import { categoryOverlap } from './compare-overlap';

export const CompareColumnFields = graphql(`
  fragment CompareColumn on StrategyRecommendations {
    strategy
    recommendations {
      score
      reasons
      item {
        id
        displayTitle
        year
        categories
      }
    }
  }
`);

interface Props {
  column: CompareColumnFragment;
  /** item id → how many lists contain it */
  shared: Map<string, number>;
  taste: string[];
  /** the strategy's one-line description from Query.strategies (absent while it loads) */
  description?: string;
  color: string;
}

/** One strategy's top-N; items other lists also chose are highlighted with how many lists agree. */
export function StrategyColumn({ column, shared, taste, description, color }: Props) {
  const items = column.recommendations.map((r) => r.item);
  const overlap = categoryOverlap(items, taste);
  const tasteSet = new Set(taste);
  return (
    <section className="card compare-col" aria-label={`${column.strategy} recommendations`} data-strategy={column.strategy}>
      <h2>
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        {column.strategy}
      </h2>
      {description ? <p className="strategy-description">{description}</p> : null}
      <p className="meta" data-testid="category-overlap">
        {overlap == null ? 'Category overlap: no taste data yet' : `Category overlap with your taste: ${Math.round(overlap * 100)}%`}
      </p>
      {column.recommendations.length === 0 ? (
        <p className="status status-empty">No items.</p>
      ) : (
        <ol className="compare-list">
          {column.recommendations.map((r) => {
            const n = shared.get(r.item.id) ?? 1;
            return (
              <li key={r.item.id} className={n > 1 ? 'shared' : undefined} title={r.reasons.join('\n')}>
                <Link to={`/items/${encodeURIComponent(r.item.id)}`}>{r.item.displayTitle}</Link>
                {r.item.year ? <span className="year"> ({r.item.year})</span> : null}
                {n > 1 ? <span className="badge badge-shared">in {n} lists</span> : null}
                <span className="categories">
                  {r.item.categories.map((g) => (
                    <span key={g} className={tasteSet.has(g) ? 'category taste' : 'category'}>
                      {g}
                    </span>
                  ))}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
