import { ChartTable } from '../../components/chart-table';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)' };

/** How many ratings of each star value the whole dataset holds. */
export function RatingHistogramChart({ buckets }: { buckets: readonly { rating: number; count: number }[] }) {
  const data = buckets.map((b) => ({ rating: `${b.rating}★`, count: b.count }));
  return (
    <figure className="chart" aria-label="Rating histogram">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="rating" stroke="var(--muted)" />
          <YAxis stroke="var(--muted)" width={56} />
          <Tooltip contentStyle={tooltipStyle} />
          <Bar dataKey="count" name="ratings" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <ChartTable caption="Ratings per star value" columns={['Rating', 'Ratings']} rows={data.map((d) => [d.rating, d.count.toLocaleString('en-US')])} />
    </figure>
  );
}

/**
 * Interactions per item, most popular first: the long tail. Thinned to ≤ 300 points (every
 * n-th rank, keeping the head) so a large catalog still draws fast.
 */
export function LongTailChart({ popularity }: { popularity: readonly number[] }) {
  const step = Math.max(1, Math.ceil(popularity.length / 300));
  const data = popularity.filter((_, i) => i % step === 0 || i < 20).map((count, i) => ({ rank: i < 20 ? i + 1 : (i - 20) * step + 21, count }));
  const total = popularity.reduce((a, b) => a + b, 0);
  let head = 0;
  let headItems = 0;
  for (const c of popularity) {
    if (head >= total / 2) break;
    head += c;
    headItems++;
  }
  return (
    <figure className="chart" aria-label="Long-tail popularity curve">
      <ResponsiveContainer width="100%" height={240}>
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="rank" type="number" domain={[1, 'dataMax']} stroke="var(--muted)" />
          <YAxis stroke="var(--muted)" width={56} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(r) => `item rank ${r}`} />
          <Area dataKey="count" name="interactions" stroke="var(--accent)" fill="var(--accent-soft)" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
      <ChartTable
        caption={`Interactions of the ${Math.min(10, popularity.length)} most popular of ${popularity.length.toLocaleString('en-US')} items (${total.toLocaleString('en-US')} interactions in all)`}
        columns={['Item rank', 'Interactions']}
        rows={popularity.slice(0, 10).map((count, i) => [i + 1, count.toLocaleString('en-US')])}
      />
      <figcaption className="meta">
        {popularity.length && total
          ? `The ${headItems} most popular items (${((headItems / popularity.length) * 100).toFixed(1)}% of the catalog) get half of all interactions.`
          : 'No interactions yet.'}
      </figcaption>
    </figure>
  );
}
