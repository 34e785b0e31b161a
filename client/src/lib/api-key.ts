/**
 * Where the API key comes from: a key the user pasted (kept in localStorage) wins over the one
 * the server hands its own pages (GET /client-config.json, only while it listens on loopback).
 * A tiny external store so the header and error messages re-render when the key changes.
 */
const STORAGE_KEY = 'tastegraph.apiKey';

export type KeySource = 'pasted' | 'server' | 'none';

let serverKey: string | null = null;
const listeners = new Set<() => void>();

function readPasted(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode): the server key still works
  }
}

function emit(): void {
  for (const l of listeners) l();
}

export function setServerKey(key: string | null): void {
  serverKey = key;
  emit();
}

export function savePastedKey(key: string): void {
  const trimmed = key.trim();
  try {
    if (trimmed) window.localStorage.setItem(STORAGE_KEY, trimmed);
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* nothing to keep it in */
  }
  emit();
}

export function currentApiKey(): string | null {
  return readPasted() ?? serverKey;
}

export function keySource(): KeySource {
  if (readPasted()) return 'pasted';
  return serverKey ? 'server' : 'none';
}

export function subscribeApiKey(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
