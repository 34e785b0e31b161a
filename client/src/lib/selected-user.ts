import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The user being looked at, shared by Recommend and Compare: the URL's ?user= stays the truth
 * (views can be shared), and the last one chosen is remembered for this browser tab, so
 * following a menu link to the other page keeps the User ID instead of asking again.
 */
const STORAGE_KEY = 'tastegraph.userId';

function remembered(): string {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return ''; // storage disabled: the URL still carries the id
  }
}

function remember(userId: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, userId);
  } catch {
    /* nothing to keep it in */
  }
}

/** after a user is deleted: this tab stops offering them (a URL naming them still says "no such user") */
export function forgetSelectedUser(userId: string): void {
  try {
    if (window.sessionStorage.getItem(STORAGE_KEY) === userId) window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* nothing was kept */
  }
}

/** ?user= of the current URL, else the remembered id (then written into the URL, replacing it) */
export function useSelectedUser(): string {
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('user')?.trim() || '';
  const fallback = fromUrl ? '' : remembered();
  useEffect(() => {
    if (fromUrl) remember(fromUrl);
    else if (fallback) {
      const next = new URLSearchParams(params);
      next.set('user', fallback);
      setParams(next, { replace: true });
    }
  }, [fromUrl, fallback, params, setParams]);
  return fromUrl || fallback;
}
