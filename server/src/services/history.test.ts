import type { HistoryRow } from '../data/repositories/user.repository';
import { signedHistory } from './history';

/** The one aggregation serving and fold-in use: signed by polarity, neutral and undeclared kinds left out. */
const row = (itemKey: string, kind: string, value: number, typeWeight: number | null, polarity: HistoryRow['polarity']): HistoryRow => ({
  itemKey,
  kind,
  value,
  typeWeight,
  polarity,
});

describe('signedHistory', () => {
  it('adds weight × value for positive kinds, subtracts it for negative ones; a rating counts 1', () => {
    const h = signedHistory([
      row('a', 'purchase', 2, 3, 'positive'),
      row('a', 'dislike', 1, 2, 'negative'),
      row('b', 'rating', 4.5, null, null),
      row('c', 'dislike', 1, 2, 'negative'),
    ]);
    expect(h).toEqual([
      { itemKey: 'a', rating: null, weight: 4 },
      { itemKey: 'b', rating: 4.5, weight: 1 },
      { itemKey: 'c', rating: null, weight: -2 },
    ]);
  });

  it('leaves out neutral and undeclared kinds: such an item is neither learned from nor hidden', () => {
    const h = signedHistory([
      row('a', 'impression', 5, 1, 'neutral'),
      row('b', 'legacy', 1, null, null),
      row('c', 'impression', 1, 1, 'neutral'),
      row('c', 'view', 2, 0.5, 'positive'),
    ]);
    expect(h).toEqual([{ itemKey: 'c', rating: null, weight: 1 }]);
  });
});
