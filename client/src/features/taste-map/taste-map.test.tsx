import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { TasteMapDocument, TasteMapStrategiesDocument } from '../../gql/graphql';
import { TasteMap } from './taste-map';

const strategies = {
  request: { query: TasteMapStrategiesDocument },
  result: {
    data: {
      strategies: [
        { __typename: 'StrategyInfo' as const, name: 'POPULARITY' as const, hasTasteMap: false },
        { __typename: 'StrategyInfo' as const, name: 'SVD' as const, hasTasteMap: true },
        { __typename: 'StrategyInfo' as const, name: 'ALS' as const, hasTasteMap: true },
        { __typename: 'StrategyInfo' as const, name: 'AUTO' as const, hasTasteMap: false },
      ],
    },
  },
};

const point = (id: string, title: string, x: number, y: number, flags: { rated?: boolean; recommended?: boolean } = {}) => ({
  __typename: 'TasteMapItem' as const,
  item: { __typename: 'Item' as const, id, displayTitle: title, year: 1999 },
  x,
  y,
  popularity: 40,
  rated: flags.rated ?? false,
  recommended: flags.recommended ?? false,
});

const mapOf = (strategy: 'SVD' | 'ALS', user: { x: number; y: number } | null) => ({
  tasteMap: {
    __typename: 'TasteMap' as const,
    strategy,
    modelVersionId: strategy === 'SVD' ? '4' : '5',
    explainedVariance: [0.31, 0.12],
    items: [
      point('1', 'Alien', 0.5, -0.25),
      // without a user nothing is flagged
      point('2', 'Heat', -1, 2, { rated: !!user }),
      point('3', 'Up', 1.234, 0.5, { recommended: !!user }),
    ],
    user: user && { __typename: 'TasteMapPoint' as const, ...user },
  },
});

function renderMap(mocks: MockedProviderProps['mocks'], props: Parameters<typeof TasteMap>[0] = {}) {
  return render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter>
        <TasteMap {...props} />
      </MemoryRouter>
    </MockedProvider>,
  );
}

describe('TasteMap', () => {
  it("offers only the strategies the server says have a map, and describes the user's position and recommendations in text", async () => {
    renderMap(
      [
        strategies,
        {
          request: { query: TasteMapDocument, variables: { strategy: 'SVD', userId: '7', limit: 500 } },
          result: { data: mapOf('SVD', { x: 0.9, y: -0.1 }) },
        },
      ],
      { userId: '7' },
    );
    const select = await screen.findByRole('combobox', { name: 'Model' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['SVD', 'ALS']);
    const table = await screen.findByRole('table', { name: 'Positions on the taste map' });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual(['WhatFirst axisSecond axis', 'This user0.90-0.10', 'Recommended: Up (1999)1.230.50']);
    expect(screen.getByText(/3 items on two axes that explain 31% and 12%/)).toBeInTheDocument();
    // the legend names every highlighted kind (shape and colour differ: see map-legend.tsx)
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((l) => l.textContent?.trim()),
    ).toEqual(['Other items (size: popularity)', 'Rated by this user', 'Recommended to this user', 'This user’s position']);
  });

  it('switches to another factor model and asks the server for its map', async () => {
    renderMap([
      strategies,
      {
        request: { query: TasteMapDocument, variables: { strategy: 'SVD', userId: null, limit: 500 } },
        result: { data: mapOf('SVD', null) },
      },
      {
        request: { query: TasteMapDocument, variables: { strategy: 'ALS', userId: null, limit: 500 } },
        result: { data: mapOf('ALS', null) },
      },
    ]);
    expect(await screen.findByText(/Taste map of the SVD model \(version 4\)/)).toBeInTheDocument();
    // no user: the catalog alone, no position table
    expect(screen.queryByRole('table')).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Legend' })).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.change(screen.getByRole('combobox', { name: 'Model' }), { target: { value: 'ALS' } });
    expect(await screen.findByText(/Taste map of the ALS model \(version 5\)/)).toBeInTheDocument();
  });

  it("starts on the page's strategy when it has a map", async () => {
    renderMap(
      [
        strategies,
        {
          request: { query: TasteMapDocument, variables: { strategy: 'ALS', userId: '7', limit: 500 } },
          result: { data: mapOf('ALS', { x: 1, y: 1 }) },
        },
      ],
      { userId: '7', preferred: 'ALS' },
    );
    expect(await screen.findByText(/Taste map of the ALS model/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveValue('ALS');
  });

  it('says so when no factor model is served, and when the user is unknown (without a second alert)', async () => {
    const none = {
      ...strategies,
      result: { data: { strategies: strategies.result.data.strategies.map((s) => ({ ...s, hasTasteMap: false })) } },
    };
    const { unmount } = renderMap([none]);
    expect(await screen.findByText(/No factor model .* is being served yet/)).toBeInTheDocument();
    unmount();
    renderMap(
      [
        strategies,
        {
          request: { query: TasteMapDocument, variables: { strategy: 'SVD', userId: '9', limit: 500 } },
          result: { errors: [new GraphQLError('No user has id "9".', { extensions: { code: 'NOT_FOUND' } })] },
        },
      ],
      { userId: '9' },
    );
    // the page around the map already shows the alert for an unknown user: the map says it quietly
    expect(await screen.findByText('No user has the id 9, so there is no one to place on the map.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
