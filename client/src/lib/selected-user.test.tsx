import { fireEvent, render, screen } from '@testing-library/react';
import { Link, MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { useSelectedUser } from './selected-user';

function Page() {
  const user = useSelectedUser();
  const { pathname, search } = useLocation();
  return (
    <>
      <p data-testid="where">{`${pathname}${search}`}</p>
      <p data-testid="user">{user}</p>
      <Link to="/">Recommend</Link>
      <Link to="/compare">Compare</Link>
    </>
  );
}

const renderAt = (url: string) =>
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/" element={<Page />} />
        <Route path="/compare" element={<Page />} />
      </Routes>
    </MemoryRouter>,
  );

describe('useSelectedUser', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('keeps the User ID chosen on Recommend when the menu leads to Compare, and writes it into the URL', async () => {
    renderAt('/?user=7');
    expect(screen.getByTestId('user')).toHaveTextContent('7');
    fireEvent.click(screen.getByRole('link', { name: 'Compare' }));
    expect(await screen.findByText('/compare?user=7')).toBeInTheDocument();
    expect(screen.getByTestId('user')).toHaveTextContent('7');
  });

  it('a link to another user wins over the remembered id, and is remembered in turn', async () => {
    renderAt('/?user=7').unmount();
    const shared = renderAt('/compare?user=42');
    expect(screen.getByTestId('user')).toHaveTextContent('42');
    shared.unmount();
    renderAt('/');
    expect(await screen.findByText('/?user=42')).toBeInTheDocument();
  });

  it('with nothing chosen yet, there is no user', () => {
    renderAt('/compare');
    expect(screen.getByTestId('user')).toBeEmptyDOMElement();
    expect(screen.getByTestId('where')).toHaveTextContent(/^\/compare$/);
  });
});
