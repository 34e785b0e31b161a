import { act, fireEvent, render, screen } from '@testing-library/react';
import { currentApiKey, savePastedKey, setServerKey } from '../lib/api-key';
import { ApiKeySettings } from './api-key-settings';

describe('ApiKeySettings', () => {
  afterEach(() => {
    act(() => {
      savePastedKey('');
      setServerKey(null);
    });
  });

  it('says reading-only without a key, and a pasted key wins over the server key', () => {
    render(<ApiKeySettings />);
    expect(screen.getByTestId('key-source')).toHaveTextContent('none: reading only');
    act(() => setServerKey('tg_server'));
    expect(screen.getByTestId('key-source')).toHaveTextContent('the local server’s web key');
    fireEvent.change(screen.getByLabelText(/Paste an API key/), { target: { value: '  tg_mine ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save key' }));
    expect(screen.getByTestId('key-source')).toHaveTextContent('your pasted key');
    expect(currentApiKey()).toBe('tg_mine');
    expect(window.localStorage.getItem('tastegraph.apiKey')).toBe('tg_mine');
    fireEvent.click(screen.getByRole('button', { name: 'Forget pasted key' }));
    expect(currentApiKey()).toBe('tg_server');
  });
});
