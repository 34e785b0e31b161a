import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, waitFor, within } from '@testing-library/react';
import { SERVER_STRATEGIES, strategiesMock, strategyInfo } from '../../../test/strategies-mock';
import type { ModelVersionRowFragment } from '../../gql/graphql';
import { STRATEGY_PALETTE } from '../../lib/strategy-colors';
import { MetricBarCharts } from './metric-bar-charts';

const version = (id: string, strategy: string) =>
  ({
    id,
    strategy,
    status: 'READY',
    active: true,
    createdAt: '2026-12-01T06:00:00Z',
    trainedSeconds: 1,
    statusReason: null,
    metrics: { k: 10, rmse: null, mae: null, precisionAtK: 0.1, recallAtK: 0.1, ndcgAtK: 0.2, mapAtK: 0.1, coverage: 0.3 },
  }) as unknown as ModelVersionRowFragment;

const renderCharts = async (list: typeof SERVER_STRATEGIES) => {
  const view = render(
    <MockedProvider mocks={[strategiesMock(list)]}>
      <MetricBarCharts versions={[version('3', 'SVD'), version('9', 'FOO_BAR'), version('1', 'POPULARITY'), version('5', 'ALS')]} />
    </MockedProvider>,
  );
  return { view, legend: screen.getByRole('list', { name: 'Strategies in the charts' }) };
};

const entries = (legend: HTMLElement) =>
  within(legend)
    .getAllByRole('listitem')
    .map((li) => [li.textContent, li.getAttribute('data-color')]);

describe('MetricBarCharts', () => {
  it('orders and colours the strategies as the server lists them, a new one included', async () => {
    const { legend } = await renderCharts(SERVER_STRATEGIES);
    // server order: POPULARITY 0, USER_CF 1, ITEM_CF 2, SVD 3, ALS 4, FOO_BAR 5, AUTO 6
    // the order and colours arrive with the server's list
    await waitFor(() =>
      expect(entries(legend)).toEqual([
        ['POPULARITY', STRATEGY_PALETTE[0]],
        ['SVD', STRATEGY_PALETTE[3]],
        ['ALS', STRATEGY_PALETTE[4]],
        ['FOO_BAR', STRATEGY_PALETTE[5]],
      ]),
    );
  });

  it('follows another order when the server gives one', async () => {
    const { legend } = await renderCharts([strategyInfo('FOO_BAR'), strategyInfo('ALS'), strategyInfo('SVD'), strategyInfo('POPULARITY')]);
    await waitFor(() =>
      expect(entries(legend)).toEqual([
        ['FOO_BAR', STRATEGY_PALETTE[0]],
        ['ALS', STRATEGY_PALETTE[1]],
        ['SVD', STRATEGY_PALETTE[2]],
        ['POPULARITY', STRATEGY_PALETTE[3]],
      ]),
    );
  });
});
