import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeedbackPolarity } from '../../gql/graphql';

export interface KindCount {
  kind: string;
  /** null: explicit star ratings ("rating"), or a kind no feedback type declares any more */
  polarity?: FeedbackPolarity | null;
  count: number;
}

/** how each polarity counts in training, in a few words, with the colour its bars get */
const POLARITY: Record<FeedbackPolarity, { label: string; color: string }> = {
  POSITIVE: { label: 'positive: counts for the item', color: 'var(--map-rated)' },
  NEGATIVE: { label: 'negative: counts against it', color: 'var(--danger)' },
  NEUTRAL: { label: 'neutral: counted, not learned from', color: 'var(--map-catalog)' },
};

export function polarityText(kind: string, polarity: FeedbackPolarity | null | undefined): string {
  if (polarity) return POLARITY[polarity].label;
  return kind === 'rating' ? 'explicit: the stars themselves' : 'undeclared: no feedback type has this name now';
}

const colorOf = (polarity: FeedbackPolarity | null | undefined) => (polarity ? POLARITY[polarity].color : 'var(--accent)');

const percent = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '—');

/**
 * Interactions per feedback type (DatasetStats.interactionsByType), as bars coloured by polarity and
 * as a table: the table is the text alternative (the chart is hidden from screen readers), and says
 * the polarity in words, so no one has to tell colours apart.
 */
export function InteractionsByType({ counts }: { counts: readonly KindCount[] }) {
  const total = counts.reduce((a, c) => a + c.count, 0);
  const data = counts.map((c) => ({ kind: c.kind, count: c.count, polarity: c.polarity ?? null }));
  return (
    <div className="interactions-by-type two-col even">
      {total > 0 ? (
        <figure className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={Math.max(120, 36 * data.length + 40)}>
            {/* no keyboard layer: the chart is hidden from assistive technology, so nothing in it may take focus */}
            <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis type="number" stroke="var(--muted)" allowDecimals={false} />
              <YAxis type="category" dataKey="kind" stroke="var(--muted)" width={96} />
              <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
              <Bar dataKey="count" name="interactions" isAnimationActive={false}>
                {data.map((d) => (
                  <Cell key={d.kind} fill={colorOf(d.polarity)} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
      {/* a region that takes focus: a keyboard can scroll it when the table is wider than the page (axe: scrollable-region-focusable) */}
      <div className="table-wrap" role="region" aria-label="Interactions by feedback type" tabIndex={0}>
        <table className="kinds-table">
          <caption className="sr-only">Interactions by feedback type</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Polarity</th>
              <th scope="col" className="num">
                Interactions
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={c.kind} data-kind={c.kind}>
                <th scope="row">
                  <span className="swatch" style={{ background: colorOf(c.polarity) }} aria-hidden="true" />
                  {c.kind}
                </th>
                <td>{polarityText(c.kind, c.polarity)}</td>
                <td className="num" data-testid={`kind-count-${c.kind}`}>
                  {c.count.toLocaleString()}
                </td>
                <td className="num">{percent(c.count, total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
