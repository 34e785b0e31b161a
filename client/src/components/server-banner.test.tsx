import { act, render, screen } from '@testing-library/react';
import { setServerStatus } from '../lib/server-status';
import { ServerBanner } from './server-banner';

describe('ServerBanner', () => {
  const realFetch = globalThis.fetch;
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    globalThis.fetch = realFetch;
    act(() => setServerStatus('up'));
  });

  it('appears when the server is unreachable and clears once /ready answers 200', async () => {
    let ready = false;
    const fetchMock = jest.fn(async () => (ready ? { ok: true } : Promise.reject(new TypeError('Failed to fetch'))));
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    render(<ServerBanner />);
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => setServerStatus('down'));
    expect(screen.getByRole('alert')).toHaveTextContent('cannot be reached');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(3000);
    });
    expect(fetchMock).toHaveBeenCalledWith('/ready', expect.anything());
    expect(screen.getByRole('alert')).toBeInTheDocument();

    ready = true;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(3000);
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
