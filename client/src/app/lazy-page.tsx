import { type ComponentType, lazy, Suspense, useState } from 'react';
import { ErrorBoundary } from '../components/error-boundary';
import { Loading } from '../components/status';

/**
 * A page loaded on first visit (its own chunk), inside an error boundary. A chunk that did not
 * arrive: Retry reloads the page (see ErrorBoundary). A module that loaded but failed: Retry
 * imports it again, through a new lazy component, since React.lazy keeps a failure for good.
 */
export function lazyPage(load: () => Promise<ComponentType>, what: string, reload?: () => void): ComponentType {
  const first = lazy(() => load().then((c) => ({ default: c })));
  return function LazyPage() {
    const [Page, setPage] = useState(() => first);
    return (
      <ErrorBoundary what={what} reload={reload} onRetry={() => setPage(() => lazy(() => load().then((c) => ({ default: c }))))}>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </ErrorBoundary>
    );
  };
}
