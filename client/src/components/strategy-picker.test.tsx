import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { SERVER_STRATEGIES, strategiesMock } from '../../test/strategies-mock';
import type { Strategy } from '../gql/graphql';
import { useStrategies } from '../lib/strategies';
import { STRATEGY_PALETTE } from '../lib/strategy-colors';
import { StrategyPicker } from './strategy-picker';

function Harness() {
  const [value, setValue] = useState<Strategy>('AUTO');
  return <StrategyPicker value={value} onChange={setValue} strategies={useStrategies()} />;
}

describe('StrategyPicker', () => {
  it('offers every strategy the server lists, in its order, each described, with a colour of its own', async () => {
    render(
      <MockedProvider mocks={[strategiesMock(SERVER_STRATEGIES)]}>
        <Harness />
      </MockedProvider>,
    );
    const group = await screen.findByRole('group', { name: 'Strategy' });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(SERVER_STRATEGIES.map((s) => s.name));
    expect(group).toHaveAccessibleDescription('Per user, the best measured model.');

    // FOO_BAR: no client code names it, yet it is offered, described and coloured like the rest
    const foo = screen.getByRole('radio', { name: 'FOO_BAR' });
    expect(foo).toHaveAccessibleDescription('Foo-bar ranking: made up for this test.');
    expect(foo.parentElement!.querySelector<HTMLElement>('.swatch')!.style.background).toBe(hexToRgb(STRATEGY_PALETTE[5]));
    fireEvent.click(foo);
    expect(foo).toBeChecked();
    expect(screen.getByTestId('strategy-help')).toHaveTextContent('Foo-bar ranking: made up for this test.');
  });
});

const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
