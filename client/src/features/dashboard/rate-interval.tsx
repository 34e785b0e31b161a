import { percent } from './online-range';

/**
 * A rate and its 95% interval as an error bar on a scale shared by the rows of one table
 * (0 to `scaleMax`), so arms compare by eye; the numbers are written beside it.
 */
export function RateInterval({ rate, low, high, scaleMax, color }: { rate: number | null; low: number | null; high: number | null; scaleMax: number; color: string }) {
  if (rate == null || low == null || high == null || scaleMax <= 0) return <span className="meta">no impressions yet</span>;
  const W = 160;
  const x = (v: number) => 4 + (Math.min(v, scaleMax) / scaleMax) * (W - 8);
  return (
    <span className="rate-interval">
      <svg width={W} height={16} viewBox={`0 0 ${W} 16`} aria-hidden="true" focusable="false">
        <line x1={4} x2={W - 4} y1={8} y2={8} stroke="var(--grid)" />
        <line x1={x(low)} x2={x(high)} y1={8} y2={8} stroke={color} strokeWidth={2} />
        <line x1={x(low)} x2={x(low)} y1={3} y2={13} stroke={color} strokeWidth={2} />
        <line x1={x(high)} x2={x(high)} y1={3} y2={13} stroke={color} strokeWidth={2} />
        <circle cx={x(rate)} cy={8} r={4} fill={color} />
      </svg>{' '}
      <span className="num">
        {percent(rate, 2)}{' '}
        <span className="meta">
          ({percent(low, 2)}–{percent(high, 2)})
        </span>
      </span>
    </span>
  );
}
