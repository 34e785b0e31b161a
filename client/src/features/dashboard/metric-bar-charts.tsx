import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelVersionRowFragment } from '../../gql/graphql';
import { METRIC_COLUMNS } from './metric-format';

const COLORS: Record<string, string> = { POPULARITY: 'var(--c1)', USER_CF: 'var(--c2)', SVD: 'var(--c3)' };
const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)' };

/** One grouped bar chart for the rating errors (lower is better), one for the ranking metrics. */
const ORDER = ['POPULARITY', 'USER_CF', 'SVD'];

export function MetricBarCharts({ versions: unordered }: { versions: readonly ModelVersionRowFragment[] }) {
  // a fixed order keeps each strategy's colour and position the same from one load to the next
  const versions = [...unordered].sort((a, b) => ORDER.indexOf(a.strategy) - ORDER.indexOf(b.strategy));
  const groups = [
    { title: 'Rating error (lower is better)', cols: METRIC_COLUMNS.filter((c) => 'lowerIsBetter' in c) },
    { title: `Ranking quality @${versions[0]?.metrics?.k ?? 'K'} (higher is better)`, cols: METRIC_COLUMNS.filter((c) => !('lowerIsBetter' in c)) },
  ];
  return (
    <div className="two-col even">
      {groups.map((g) => {
        const data = g.cols.map((c) => {
          const row: Record<string, string | number | null> = { metric: c.label };
          for (const v of versions) row[v.strategy] = v.metrics?.[c.key] ?? null;
          return row;
        });
        return (
          <figure key={g.title} className="chart" aria-label={g.title}>
            <figcaption className="meta">{g.title}</figcaption>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
                <XAxis dataKey="metric" stroke="var(--muted)" />
                <YAxis stroke="var(--muted)" width={60} />
                <Tooltip contentStyle={tooltipStyle} formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : '—')} />
                <Legend />
                {versions.map((v) => (
                  // keyed by strategy: recharts keeps bars in mount order, so a new version must not remount
                  <Bar key={v.strategy} dataKey={v.strategy} fill={COLORS[v.strategy] ?? 'var(--accent)'} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
        );
      })}
    </div>
  );
}
