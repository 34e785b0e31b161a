import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import { SERVER_STRATEGIES, strategiesMock } from '../../../test/strategies-mock';
import { ModelVersionsDocument } from '../../gql/graphql';
import { ModelVersions } from './model-versions';

const version = (id: string, strategy: string, active: boolean, rmse: number | null) => ({
  __typename: 'ModelVersion',
  id,
  strategy,
  status: 'READY',
  active,
  createdAt: '2026-11-29T06:00:00Z',
  trainedSeconds: 1.25,
  statusReason: active ? 'first version of this strategy' : 'RMSE worse than the active version',
  metrics: { __typename: 'ModelMetrics', k: 10, rmse, mae: 0.5, precisionAtK: 0.123456, recallAtK: 0.2, ndcgAtK: 0.3, mapAtK: 0.1, coverage: 0.05 },
});

function renderVersions(models: unknown[], canAdmin: boolean) {
  return render(
    <MockedProvider mocks={[{ request: { query: ModelVersionsDocument }, result: { data: { models } } }, strategiesMock(SERVER_STRATEGIES)]}>
      <ModelVersions canAdmin={canAdmin} />
    </MockedProvider>,
  );
}

describe('ModelVersions', () => {
  it('tabulates each version’s metrics to four decimals, a dash where a metric does not apply', async () => {
    renderVersions([version('2', 'SVD', true, 0.72361), version('1', 'POPULARITY', true, null)], false);
    expect(screen.getByText('Loading model versions…')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Model versions and metrics' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('[data-metric="rmse"]')).toHaveTextContent('0.7236');
    expect(rows[0].querySelector('[data-metric="precisionAtK"]')).toHaveTextContent('0.1235');
    expect(rows[1].querySelector('[data-metric="rmse"]')).toHaveTextContent('—');
  });

  it('offers Activate on inactive ready versions, enabled only with an admin key', async () => {
    renderVersions([version('3', 'SVD', false, 0.8), version('2', 'SVD', true, 0.7)], false);
    expect(await screen.findByRole('button', { name: 'Activate' })).toBeDisabled();
  });

  it('shows why an inactive version is not serving as text, not only in a tooltip', async () => {
    renderVersions([version('3', 'SVD', false, 0.8), version('2', 'SVD', true, 0.7)], true);
    const row = (await screen.findByRole('button', { name: 'Activate' })).closest('tr')!;
    expect(within(row).getByText('RMSE worse than the active version')).toBeVisible();
  });

  it('says so when nothing has been trained', async () => {
    renderVersions([], true);
    expect(await screen.findByText('No trained model versions yet.')).toBeInTheDocument();
  });
});
