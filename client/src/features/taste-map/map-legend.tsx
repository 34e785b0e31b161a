/**
 * The taste map's series: colour AND shape AND outline differ, so no one has to tell colours apart.
 * The legend is plain HTML (readable, testable), drawn with the same glyphs as the chart.
 */
export type SeriesKey = 'catalog' | 'rated' | 'recommended' | 'user';
type Shape = 'circle' | 'square' | 'triangle' | 'diamond';

export const SERIES: Record<SeriesKey, { label: string; shape: Shape; fill: string; stroke: string }> = {
  catalog: {
    label: 'Other items (size: popularity)',
    shape: 'circle',
    fill: 'var(--map-catalog)',
    stroke: 'none',
  },
  rated: {
    label: 'Rated by this user',
    shape: 'square',
    fill: 'var(--map-rated)',
    stroke: 'var(--text)',
  },
  recommended: {
    label: 'Recommended to this user',
    shape: 'triangle',
    fill: 'var(--map-recommended)',
    stroke: 'var(--text)',
  },
  user: {
    label: 'This user’s position',
    shape: 'diamond',
    fill: 'var(--map-user)',
    stroke: 'var(--text)',
  },
};

const GLYPH: Record<Shape, string> = {
  circle: 'M7 2a5 5 0 1 1 0 10a5 5 0 1 1 0-10Z',
  square: 'M2.5 2.5h9v9h-9Z',
  triangle: 'M7 1.5l5.5 10h-11Z',
  diamond: 'M7 1l6 6l-6 6l-6-6Z',
};

export function MapLegend({ keys }: { keys: readonly SeriesKey[] }) {
  return (
    <ul className="taste-map-legend" aria-label="Legend">
      {keys.map((k) => (
        <li key={k}>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
            <path d={GLYPH[SERIES[k].shape]} fill={SERIES[k].fill} stroke={SERIES[k].stroke} strokeWidth={k === 'catalog' ? 0 : 1.2} />
          </svg>{' '}
          {SERIES[k].label}
        </li>
      ))}
    </ul>
  );
}
