import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** what the boundary guards, in words ("this page", "the dashboard") */
  what: string;
  /** called by Retry before rendering the children again: a lazy page makes a fresh import here */
  onRetry?: () => void;
  /** reloads the document (Retry after a chunk failed to load); replaceable in tests */
  reload?: () => void;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** true for the errors a failed dynamic import() gives (a chunk the server or network did not deliver) */
export function isChunkLoadError(e: Error): boolean {
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported|Loading chunk .* failed/i.test(e.message);
}

/**
 * Catches a render error (or a lazily loaded chunk that failed) below it and shows what failed and a
 * Retry, instead of React unmounting the whole app to a blank page. The header and navigation stay
 * outside it, so the rest of the app keeps working.
 *
 * Retry after a render error renders the children again (after onRetry). Retry after a chunk failed
 * to load reloads the page: Chromium remembers a failed import() of a URL for the document's life
 * (a second import() of it fails at once, measured in the e2e test), and after a deploy the old
 * chunk names are gone anyway; a reload fetches index.html and its chunks afresh.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // for the developer console; the person using the page gets the panel below
    console.warn(`${this.props.what} failed to render`, error, info.componentStack);
  }

  retry = (): void => {
    if (this.state.error && isChunkLoadError(this.state.error)) {
      (this.props.reload ?? (() => window.location.reload()))();
      return;
    }
    this.props.onRetry?.();
    this.setState({ error: null });
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const chunk = isChunkLoadError(error);
    return (
      <div className="notice notice-error error-boundary" role="alert">
        <strong>{chunk ? `Part of the app for ${this.props.what} could not be loaded.` : `Something went wrong showing ${this.props.what}.`}</strong>
        <p>
          {chunk ? 'The server may have restarted with a new version, or the connection dropped. ' : 'The rest of the app still works. '}
          The error: <code>{error.message}</code>
        </p>
        <p>
          <button type="button" onClick={this.retry}>
            Retry
          </button>
        </p>
      </div>
    );
  }
}
