import { ChartTable } from '../../components/chart-table';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelVersionRowFragment } from '../../gql/graphql';
import { useStrategies } from '../../lib/strategies';
import { METRIC_COLUMNS } from './metric-format';

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)' };

/** One grouped bar chart for the rating errors (lower is better), one for the ranking metrics. */
export function MetricBarCharts({ versions: unordered }: { versions: readonly ModelVersionRowFragment[] }) {
  // the server's order and colours (Query.strategies) keep each strategy's bar in the same place
  // and colour from one load, and one page, to the next
  const { rankOf, colorOf } = useStrategies();
  const versions = [...unordered].sort((a, b) => rankOf(a.strategy) - rankOf(b.strategy));
  const groups = [
    { title: 'Rating error (lower is better)', cols: METRIC_COLUMNS.filter((c) => 'lowerIsBetter' in c) },
    { title: `Ranking quality @${versions[0]?.metrics?.k ?? 'K'} (higher is better)`, cols: METRIC_COLUMNS.filter((c) => !('lowerIsBetter' in c)) },
  ];
  return (
    <>
      {/* one legend for both charts, as text with swatches: the name carries the meaning, not the colour */}
      <ul className="chart-legend" aria-label="Strategies in the charts">
        {versions.map((v) => (
          <li key={v.strategy} data-strategy={v.strategy} data-color={colorOf(v.strategy)}>
            <span className="swatch" style={{ background: colorOf(v.strategy) }} aria-hidden="true" />
            {v.strategy}
          </li>
        ))}
      </ul>
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
                  {versions.map((v) => (
                    // keyed by strategy: recharts keeps bars in mount order, so a new version must not remount
                    <Bar key={v.strategy} dataKey={v.strategy} name={v.strategy} fill={colorOf(v.strategy)} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
              <ChartTable
                caption={g.title}
                columns={['Metric', ...versions.map((v) => v.strategy)]}
                rows={data.map((row) => [row.metric, ...versions.map((v) => (typeof row[v.strategy] === 'number' ? (row[v.strategy] as number).toFixed(4) : '—'))])}
              />
            </figure>
          );
        })}
      </div>
    </>
  );
}
