import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import { SERVER_STRATEGIES, strategiesMock } from '../../../test/strategies-mock';
import { ExperimentsDocument, ModelVersionsDocument, OnlineByVersionDocument } from '../../gql/graphql';
import { ExperimentsTable, leaderVerdict } from './experiments-table';
import { totalsByVersion, VersionsOfflineOnline } from './versions-offline-online';

const arm = (name: string, strategy: string, impressions: number, clicks: number, rate: number | null, low: number | null, high: number | null, p: number | null) => ({
  __typename: 'ExperimentArm',
  name,
  strategy,
  modelVersionId: null,
  traffic: 0.5,
  impressions,
  clicks,
  conversions: 0,
  rate,
  rateLow: low,
  rateHigh: high,
  probabilityBest: p,
});

const experiment = {
  __typename: 'Experiment',
  id: '7',
  name: 'svd-vs-popular',
  metric: 'CTR',
  status: 'RUNNING',
  leader: 'svd',
  probabilityLeaderIsBest: 0.991,
  startedAt: '2026-12-01T10:00:00Z',
  stoppedAt: null,
  arms: [arm('popular', 'POPULARITY', 1000, 80, 0.08, 0.065, 0.098, 0.009), arm('svd', 'SVD', 1000, 120, 0.12, 0.101, 0.142, 0.991)],
};

describe('ExperimentsTable', () => {
  it('shows each arm with its counts, its rate and interval, and the leader with how sure', async () => {
    render(
      <MockedProvider mocks={[{ request: { query: ExperimentsDocument }, result: { data: { experiments: [experiment] } } }, strategiesMock(SERVER_STRATEGIES)]}>
        <ExperimentsTable />
      </MockedProvider>,
    );
    const card = (await screen.findByRole('heading', { name: /svd-vs-popular/ })).closest('article')!;
    expect(within(card).getByText(/svd: 99\.1% likely best \(a clear leader\)/)).toBeInTheDocument();
    const svd = card.querySelector('tr[data-arm="svd"]')!;
    expect(svd).toHaveTextContent('1,000');
    expect(svd).toHaveTextContent('12.00% (10.10%–14.20%)');
    expect(card.querySelector('tr[data-arm="popular"]')).toHaveTextContent('8.00% (6.50%–9.80%)');
  });

  it('says how to start one when there is none', async () => {
    render(
      <MockedProvider mocks={[{ request: { query: ExperimentsDocument }, result: { data: { experiments: [] } } }, strategiesMock(SERVER_STRATEGIES)]}>
        <ExperimentsTable />
      </MockedProvider>,
    );
    expect(await screen.findByText(/No experiments yet/)).toBeInTheDocument();
  });
});

describe('leaderVerdict', () => {
  it('reads the probability in words at the README thresholds', () => {
    expect(leaderVerdict({ leader: null, probabilityLeaderIsBest: null })).toBe('No impressions yet');
    expect(leaderVerdict({ leader: 'b', probabilityLeaderIsBest: 0.95 })).toMatch(/a clear leader/);
    expect(leaderVerdict({ leader: 'b', probabilityLeaderIsBest: 0.85 })).toMatch(/not yet clear/);
    expect(leaderVerdict({ leader: 'b', probabilityLeaderIsBest: 0.6 })).toMatch(/too close to call/);
  });
});

describe('VersionsOfflineOnline', () => {
  it('sums a version’s daily rows and rates from the sums, beside its offline NDCG', async () => {
    const version = (id: string, strategy: string, active: boolean, ndcg: number) => ({
      __typename: 'ModelVersion',
      id,
      strategy,
      status: 'READY',
      active,
      createdAt: '2026-11-29T06:00:00Z',
      trainedSeconds: 1,
      statusReason: null,
      metrics: { __typename: 'ModelMetrics', k: 10, rmse: null, mae: null, precisionAtK: 0.1, recallAtK: 0.1, ndcgAtK: ndcg, mapAtK: 0.1, coverage: 0.1 },
    });
    const row = (modelVersionId: string, impressions: number, clicks: number, conversions: number) => ({
      __typename: 'OnlineMetricsRow',
      modelVersionId,
      impressions,
      clicks,
      conversions,
    });
    const from = '2026-11-25T00:00:00.000Z';
    render(
      <MockedProvider
        mocks={[
          {
            request: { query: ModelVersionsDocument },
            result: { data: { models: [version('4', 'SVD', true, 0.3), version('3', 'SVD', false, 0.25), version('2', 'ALS', false, 0.2)] } },
          },
          {
            request: { query: OnlineByVersionDocument, variables: { from } },
            result: { data: { onlineMetrics: [row('4', 100, 10, 1), row('4', 300, 50, 3), row('3', 200, 10, 0)] } },
          },
        ]}
      >
        <VersionsOfflineOnline from={from} />
      </MockedProvider>,
    );
    const table = await screen.findByRole('table', { name: /offline NDCG beside online/ });
    const rows = within(table).getAllByRole('row').slice(1);
    // version 2 neither active nor serving in the window: left out
    expect(rows.map((r) => r.getAttribute('data-online-version-id'))).toEqual(['4', '3']);
    expect(rows[0]).toHaveTextContent('0.3000');
    expect(rows[0]).toHaveTextContent('400');
    expect(rows[0]).toHaveTextContent('15.00%'); // 60 / 400, not the mean of 10% and 16.7%
    expect(rows[0]).toHaveTextContent('1.00%');
    expect(rows[1]).toHaveTextContent('5.00%');
  });

  it('totalsByVersion skips rows without a version', () => {
    expect(totalsByVersion([{ modelVersionId: null, impressions: 5, clicks: 1, conversions: 0 }]).size).toBe(0);
  });
});
