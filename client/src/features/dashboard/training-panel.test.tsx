import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen } from '@testing-library/react';
import { TrainingJobProgressDocument, TrainModelDocument } from '../../gql/graphql';
import { TrainingPanel } from './training-panel';

const job = (status: string, modelVersion: { id: string; active: boolean; statusReason: string } | null) => ({
  __typename: 'TrainingJob',
  id: '12',
  strategy: 'SVD',
  status,
  stage: status === 'SUCCEEDED' ? 'done' : null,
  progress: status === 'SUCCEEDED' ? 1 : 0,
  epoch: null,
  loss: null,
  error: null,
  reason: 'requested by an administrator',
  createdAt: '2026-12-01T06:00:00Z',
  startedAt: null,
  finishedAt: null,
  modelVersion: modelVersion && { __typename: 'ModelVersion', ...modelVersion },
});

function renderAfterTraining(version: { id: string; active: boolean; statusReason: string }) {
  render(
    <MockedProvider
      mocks={[
        { request: { query: TrainModelDocument, variables: { strategy: 'SVD' } }, result: { data: { trainModel: job('QUEUED', null) } } },
        { request: { query: TrainingJobProgressDocument, variables: { id: '12' } }, result: { data: { trainingJob: job('SUCCEEDED', version) } } },
      ]}
    >
      <TrainingPanel canAdmin />
    </MockedProvider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Train SVD' }));
}

describe('TrainingPanel', () => {
  it('says in plain text why the version it trained was kept inactive', async () => {
    const reason = 'kept inactive: ndcgAtK 0.1010 vs active 0.1234 is worse';
    renderAfterTraining({ id: '31', active: false, statusReason: reason });
    const verdict = await screen.findByTestId('version-verdict');
    expect(verdict).toHaveTextContent(`Version #31: ${reason}`);
    expect(verdict).toBeVisible();
  });

  it('and why it serves now when it was activated', async () => {
    renderAfterTraining({ id: '32', active: true, statusReason: 'activated: ndcgAtK 0.1300 vs active 0.1234 (no worse)' });
    expect(await screen.findByTestId('version-verdict')).toHaveTextContent('Version #32: activated: ndcgAtK 0.1300');
  });
});
