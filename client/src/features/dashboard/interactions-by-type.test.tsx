import { render, screen, within } from '@testing-library/react';
import { InteractionsByType } from './interactions-by-type';

const COUNTS = [
  { kind: 'rating', polarity: null, count: 6000 },
  { kind: 'view', polarity: 'POSITIVE' as const, count: 3000 },
  { kind: 'dislike', polarity: 'NEGATIVE' as const, count: 800 },
  { kind: 'impression', polarity: 'NEUTRAL' as const, count: 200 },
  { kind: 'legacy_like', polarity: null, count: 0 },
];

describe('InteractionsByType', () => {
  it('tells each kind’s count, share and polarity in words (the chart’s text alternative)', () => {
    render(<InteractionsByType counts={COUNTS} />);
    const table = screen.getByRole('table', { name: 'Interactions by feedback type' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['rating', 'explicit: the stars themselves', '6,000', '60.0%'],
      ['view', 'positive: counts for the item', '3,000', '30.0%'],
      ['dislike', 'negative: counts against it', '800', '8.0%'],
      ['impression', 'neutral: counted, not learned from', '200', '2.0%'],
      ['legacy_like', 'undeclared: no feedback type has this name now', '0', '0.0%'],
    ]);
  });

  it('draws no chart when nothing has been recorded, and keeps the table', () => {
    const { container } = render(<InteractionsByType counts={[{ kind: 'view', polarity: 'POSITIVE', count: 0 }]} />);
    expect(container.querySelector('figure')).toBeNull();
    expect(screen.getByTestId('kind-count-view')).toHaveTextContent('0');
    expect(screen.getAllByRole('row')[1]).toHaveTextContent('—');
  });
});
