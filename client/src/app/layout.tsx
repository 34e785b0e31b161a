import { NavLink, Outlet } from 'react-router-dom';
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

/** Header with navigation and the key setting, the unreachable-server banner, then the page. */
export function Layout() {
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
        <Outlet />
      </main>
    </>
  );
}
