import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { SERVER_STRATEGIES, strategiesMock } from '../../../test/strategies-mock';
import { TrainingJobProgressDocument, TrainModelDocument } from '../../gql/graphql';
import { TrainingPanel } from './training-panel';

const job = (strategy: string, status: string, modelVersion: { id: string; active: boolean; statusReason: string } | null) => ({
  __typename: 'TrainingJob',
  id: '12',
  strategy,
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

const version = { id: '31', active: true, statusReason: 'first version of this strategy' };

function renderPanel(trainVariables: Record<string, unknown>, strategy = String(trainVariables.strategy)) {
  const trainModel = jest.fn(() => ({ data: { trainModel: job(strategy, 'QUEUED', null) } }));
  render(
    <MockedProvider
      mocks={[
        strategiesMock(SERVER_STRATEGIES),
        { request: { query: TrainModelDocument, variables: trainVariables }, result: trainModel },
        { request: { query: TrainingJobProgressDocument, variables: { id: '12' } }, result: { data: { trainingJob: job(strategy, 'SUCCEEDED', version) } } },
      ]}
    >
      <TrainingPanel canAdmin />
    </MockedProvider>,
  );
  return trainModel;
}

async function renderAfterTraining(v: { id: string; active: boolean; statusReason: string }) {
  render(
    <MockedProvider
      mocks={[
        strategiesMock(SERVER_STRATEGIES),
        { request: { query: TrainModelDocument, variables: { strategy: 'SVD' } }, result: { data: { trainModel: job('SVD', 'QUEUED', null) } } },
        { request: { query: TrainingJobProgressDocument, variables: { id: '12' } }, result: { data: { trainingJob: job('SVD', 'SUCCEEDED', v) } } },
      ]}
    >
      <TrainingPanel canAdmin />
    </MockedProvider>,
  );
  fireEvent.click(await screen.findByRole('button', { name: 'Train SVD' }));
}

describe('TrainingPanel', () => {
  it('says in plain text why the version it trained was kept inactive', async () => {
    const reason = 'kept inactive: ndcgAtK 0.1010 vs active 0.1234 is worse';
    await renderAfterTraining({ id: '31', active: false, statusReason: reason });
    const verdict = await screen.findByTestId('version-verdict');
    expect(verdict).toHaveTextContent(`Version #31: ${reason}`);
    expect(verdict).toBeVisible();
  });

  it('and why it serves now when it was activated', async () => {
    await renderAfterTraining({ id: '32', active: true, statusReason: 'activated: ndcgAtK 0.1300 vs active 0.1234 (no worse)' });
    expect(await screen.findByTestId('version-verdict')).toHaveTextContent('Version #32: activated: ndcgAtK 0.1300');
  });

  it('offers a card per trainable strategy the server lists, in its order, each with its description', async () => {
    renderPanel({ strategy: 'ALS' });
    await screen.findByRole('button', { name: 'Train ALS' });
    const buttons = screen.getAllByRole('button', { name: /^Train / }).map((b) => b.textContent);
    // AUTO is listed but has no model of its own: no card
    expect(buttons).toEqual(['Train POPULARITY', 'Train USER_CF', 'Train ITEM_CF', 'Train SVD', 'Train ALS', 'Train FOO_BAR']);
    const foo = screen.getByRole('form', { name: 'FOO_BAR' });
    expect(within(foo).getByText('Foo-bar ranking: made up for this test.')).toBeInTheDocument();
  });

  it('builds the parameter form of a strategy no client code names from its declared ranges and defaults, and sends what was changed', async () => {
    const trainModel = renderPanel({ strategy: 'FOO_BAR', params: { widgets: 64, flavour: 'spicy' } });
    const foo = await screen.findByRole('form', { name: 'FOO_BAR' });
    const widgets = within(foo).getByLabelText('widgets');
    expect(widgets).toHaveAttribute('type', 'number');
    expect(widgets).toHaveAttribute('min', '1');
    expect(widgets).toHaveAttribute('max', '500');
    expect(widgets).toHaveAttribute('step', '1');
    expect(widgets).toHaveValue(32);
    expect(widgets).toHaveAccessibleDescription('what widgets does (whole number 1–500; default 32)');
    const damping = within(foo).getByLabelText('damping');
    expect(damping).toHaveValue(0.25);
    expect(damping).toHaveAttribute('step', 'any');
    expect(damping).toHaveAccessibleDescription('what damping does (number above 0, at most 1; default 0.25)');
    const flavour = within(foo).getByLabelText('flavour');
    expect(flavour).toHaveValue('plain');

    // out of range: said at once, nothing sent
    fireEvent.change(widgets, { target: { value: '501' } });
    fireEvent.change(damping, { target: { value: '0' } });
    fireEvent.click(within(foo).getByRole('button', { name: 'Train FOO_BAR' }));
    const alert = await within(foo).findByRole('alert');
    expect(alert).toHaveTextContent('widgets: whole number 1–500; default 32');
    expect(alert).toHaveTextContent('damping: number above 0, at most 1; default 0.25');
    expect(trainModel).not.toHaveBeenCalled();

    // in range: only the changed values go to trainModel (the server fills in the defaults)
    fireEvent.change(widgets, { target: { value: '64' } });
    fireEvent.change(damping, { target: { value: '0.25' } });
    fireEvent.change(flavour, { target: { value: 'spicy' } });
    expect(within(foo).getByText('Parameters (2 changed)')).toBeInTheDocument();
    fireEvent.click(within(foo).getByRole('button', { name: 'Train FOO_BAR' }));
    expect(await within(foo).findByTestId('version-verdict')).toHaveTextContent('Version #31: first version of this strategy');
    expect(trainModel).toHaveBeenCalledTimes(1);
    expect(within(foo).queryByRole('alert')).toBeNull();
  });
});
