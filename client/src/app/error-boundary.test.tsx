import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ErrorBoundary } from '../components/error-boundary';
import { lazyPage } from './lazy-page';

// React reports a caught render error on the console, and the boundary says what failed there too
let quiet: jest.SpyInstance[];
beforeEach(() => {
  quiet = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'warn').mockImplementation(() => undefined)];
});
afterEach(() => quiet.forEach((s) => s.mockRestore()));

describe('ErrorBoundary', () => {
  it('shows what failed and a Retry instead of a blank page; Retry renders the children again', () => {
    let broken = true;
    function Fragile() {
      if (broken) throw new Error('cannot read the chart data');
      return <p>the page itself</p>;
    }
    render(
      <>
        <nav>still here</nav>
        <ErrorBoundary what="the dashboard">
          <Fragile />
        </ErrorBoundary>
      </>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong showing the dashboard.');
    expect(alert).toHaveTextContent('cannot read the chart data');
    expect(screen.getByText('still here')).toBeInTheDocument();

    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByText('the page itself')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a component that keeps throwing keeps the panel (Retry does not loop)', () => {
    function Broken(): never {
      throw new Error('always broken');
    }
    render(
      <ErrorBoundary what="this page">
        <Broken />
      </ErrorBoundary>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByRole('alert')).toHaveTextContent('always broken');
  });
});

describe('lazyPage', () => {
  it('a chunk that fails to load shows what failed, and Retry reloads the page (a browser keeps a failed import)', async () => {
    const load = jest.fn(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://localhost/assets/dashboard-page-x1.js')));
    const reload = jest.fn();
    const Page = lazyPage(load, 'the dashboard', reload);
    await act(async () => {
      render(<Page />);
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Part of the app for the dashboard could not be loaded.');
    expect(alert).toHaveTextContent('dashboard-page-x1.js');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(reload).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a page module that loaded but failed is imported again by Retry', async () => {
    let fail = true;
    const load = jest.fn(async () => {
      if (fail) throw new Error('the page module failed while it was evaluated');
      return function Dashboard() {
        const [n] = useState(42);
        return <h1>Dashboard {n}</h1>;
      };
    });
    const reload = jest.fn();
    const Page = lazyPage(load, 'the dashboard', reload);
    await act(async () => {
      render(<Page />);
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong showing the dashboard.');
    expect(load).toHaveBeenCalledTimes(1);

    fail = false;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    expect(await screen.findByRole('heading', { name: 'Dashboard 42' })).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(2);
    expect(reload).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
