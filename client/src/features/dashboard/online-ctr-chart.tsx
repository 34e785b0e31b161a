import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimeBucket } from '../../gql/graphql';
import { useStrategies } from '../../lib/strategies';
import { bucketLabel, percent } from './online-range';

export interface CtrPoint {
  strategy: string;
  bucketStart: string;
  impressions: number;
  clicks: number;
  ctr: number;
}

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)' };

/**
 * Click-through per strategy over time: one line per strategy, one point per bucket that had
 * impressions (a bucket without any is a gap, not a zero). The plotted numbers are also a table for
 * screen readers.
 */
export function OnlineCtrChart({ points, bucket }: { points: readonly CtrPoint[]; bucket: TimeBucket }) {
  const { rankOf, colorOf } = useStrategies();
  const strategies = [...new Set(points.map((p) => p.strategy))].sort((a, b) => rankOf(a) - rankOf(b));
  const buckets = [...new Set(points.map((p) => p.bucketStart))].sort();
  const data = buckets.map((b) => {
    const row: Record<string, string | number | null> = { bucket: bucketLabel(b, bucket) };
    for (const s of strategies) row[s] = points.find((p) => p.bucketStart === b && p.strategy === s)?.ctr ?? null;
    return row;
  });
  return (
    <figure className="chart" aria-labelledby="online-ctr-caption">
      <figcaption id="online-ctr-caption" className="meta">
        Click-through rate per strategy ({bucket === 'HOUR' ? 'hourly' : 'daily'}): the share of lists in which a person clicked at least one item
      </figcaption>
      <ul className="chart-legend" aria-hidden="true">
        {strategies.map((s) => (
          <li key={s}>
            <span className="swatch" style={{ background: colorOf(s) }} />
            {s}
          </li>
        ))}
      </ul>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          {/* no keyboard layer: the chart is hidden from assistive technology (the table below is its
              alternative), so nothing in it may take focus (axe: aria-hidden-focus) */}
          <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="bucket" stroke="var(--muted)" minTickGap={24} />
            <YAxis stroke="var(--muted)" width={56} tickFormatter={(v: number) => percent(v, 0)} />
            <Tooltip contentStyle={tooltipStyle} formatter={(v) => (typeof v === 'number' ? percent(v) : '—')} />
            {strategies.map((s) => (
              <Line key={s} dataKey={s} name={s} stroke={colorOf(s)} strokeWidth={2} dot={buckets.length < 40} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Click-through rate per strategy and {bucket === 'HOUR' ? 'hour' : 'day'}</caption>
        <thead>
          <tr>
            <th scope="col">Bucket</th>
            <th scope="col">Strategy</th>
            <th scope="col">Impressions</th>
            <th scope="col">Clicks</th>
            <th scope="col">CTR</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={`${p.bucketStart}-${p.strategy}`}>
              <td>{bucketLabel(p.bucketStart, bucket)}</td>
              <td>{p.strategy}</td>
              <td>{p.impressions}</td>
              <td>{p.clicks}</td>
              <td>{percent(p.ctr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
