import { useSyncExternalStore } from 'react';

/**
 * Whether the API answered the last request. The Apollo link marks it down on a network failure
 * and up on any answer; while down, the banner polls /ready so it clears without a user action.
 */
export type ServerStatus = 'up' | 'down';

let status: ServerStatus = 'up';
const listeners = new Set<() => void>();

export function setServerStatus(next: ServerStatus): void {
  if (next === status) return;
  status = next;
  for (const l of listeners) l();
}

export function getServerStatus(): ServerStatus {
  return status;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useServerStatus(): ServerStatus {
  return useSyncExternalStore(subscribe, getServerStatus, getServerStatus);
}
