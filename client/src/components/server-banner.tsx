import { useEffect } from 'react';
import { setServerStatus, useServerStatus } from '../lib/server-status';

const RETRY_MS = 3000;

/** "Server unreachable" while requests fail; polls /ready and clears itself when the server is back. */
export function ServerBanner() {
  const status = useServerStatus();
  useEffect(() => {
    if (status !== 'down') return;
    const poll = async () => {
      try {
        const res = await fetch('/ready', { cache: 'no-store' });
        if (res.ok) setServerStatus('up');
      } catch {
        /* still down */
      }
    };
    // each poll settles on its own (it cannot reject); the next one starts on the timer, not after it
    const timer = setInterval(() => void poll(), RETRY_MS);
    return () => clearInterval(timer);
  }, [status]);
  if (status === 'up') return null;
  return (
    <div className="banner" role="alert">
      The Tastegraph server cannot be reached. Retrying every few seconds; this message goes away when it is back.
    </div>
  );
}
