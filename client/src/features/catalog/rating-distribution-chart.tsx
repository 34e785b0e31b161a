import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Bucket {
  rating: number;
  count: number;
}

/** Count of ratings per star value (0.5–5); every half step shown, empty ones as zero. */
export function RatingDistributionChart({ buckets, label }: { buckets: readonly Bucket[]; label: string }) {
  const byRating = new Map(buckets.map((b) => [b.rating, b.count]));
  const data = Array.from({ length: 10 }, (_, i) => {
    const rating = (i + 1) / 2;
    return { rating: `${rating}★`, count: byRating.get(rating) ?? 0 };
  });
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="rating" stroke="var(--muted)" />
          <YAxis allowDecimals={false} stroke="var(--muted)" width={48} />
          <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
          <Bar dataKey="count" name="ratings" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="sr-only">{data.map((d) => `${d.rating}: ${d.count}`).join(', ')}</figcaption>
    </figure>
  );
}
