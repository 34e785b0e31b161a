import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { ErrorBoundary } from '../components/error-boundary';
import { ApiKeySettings } from '../components/api-key-settings';
import { ServerBanner } from '../components/server-banner';

const NAV: [string, string][] = [
  ['/', 'Recommend'],
  ['/compare', 'Compare'],
  ['/new-user', 'New user'],
  ['/catalog', 'Catalog'],
  ['/admin/catalog', 'Catalog admin'],
  ['/dashboard', 'Dashboard'],
  ['/api', 'API'],
];

/** Header with navigation and the key setting, the unreachable-server banner, then the page (behind an error boundary). */
export function Layout() {
  // one boundary per route: keyed by path, so leaving a failed page for another starts afresh
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand" end>
          Tastegraph
        </NavLink>
        <nav aria-label="Main">
          {NAV.map(([to, label]) => (
            <NavLink key={to} to={to} end={to === '/'}>
              {label}
            </NavLink>
          ))}
        </nav>
        <ApiKeySettings />
      </header>
      <ServerBanner />
      <main id="main">
        <ErrorBoundary key={pathname} what="this page">
          <Outlet />
        </ErrorBoundary>
      </main>
    </>
  );
}
