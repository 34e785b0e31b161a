import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger';

/**
 * Which requests may be handed the web client's write key (GET /client-config.json).
 *
 * The key exists only while the server is bound to loopback, so it is meant for pages the local
 * user opened. A DNS-rebinding page (evil.example re-resolved to 127.0.0.1) reaches the same socket
 * and reads same-origin answers, but its requests say `Host: evil.example`: the Host header names the
 * origin the browser thinks it talks to, and a page cannot set it. So the key goes only to requests
 * whose Host is loopback by name or address, or one the operator listed in PUBLIC_HOSTS.
 *
 * The raw header decides, never `req.hostname`: Express reads X-Forwarded-Host from a loopback peer
 * (`trust proxy`), and a rebinding page — whose browser *is* a loopback peer — may send that header
 * itself. When such a header is present, it must name an allowed host as well.
 *
 * The key is still *accepted* from any Host: whoever holds it can send any Host header anyway (curl),
 * and a rebinding page never gets to read it, so checking the Host on use would protect nothing.
 */
export function mayReceiveWebClientKey(headers: IncomingHttpHeaders, publicHosts: readonly string[]): boolean {
  const forwarded = headers['x-forwarded-host'];
  const forwardedHosts = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return isAllowedHost(headers.host, publicHosts) && forwardedHosts.every((h) => isAllowedHost(h, publicHosts));
}

/** `Host` value ("name", "name:port", "[v6]:port") is loopback or matches a PUBLIC_HOSTS entry */
export function isAllowedHost(value: string | undefined, publicHosts: readonly string[]): boolean {
  const parsed = parseHost(value);
  if (!parsed) return false;
  if (isLoopbackName(parsed.name)) return true;
  // an entry without a port allows every port of that name; "name:port" only that port
  return publicHosts.some((entry) => entry === parsed.name || (parsed.port !== undefined && entry === `${parsed.name}:${parsed.port}`));
}

function parseHost(value: string | undefined): { name: string; port?: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/i.exec(value?.trim() ?? '');
  if (!m) return null;
  return { name: m[1].toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** localhost, 127.0.0.0/8 in dotted-quad form, and [::1] (names that cannot be made to point elsewhere) */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === '[::1]' || name === '[0:0:0:0:0:0:0:1]') return true;
  const quad = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return !!quad && quad.slice(1).every((n) => Number(n) <= 255);
}

/**
 * Logs a withheld key once per Host (at most 100 distinct names, so a flood of forged names cannot
 * grow memory or the log): the usual cause is a reverse proxy's public name missing from PUBLIC_HOSTS.
 */
export function keyWithheldLog(logger: Logger): (host: string | undefined, requestId: string) => void {
  const seen = new Set<string>();
  return (host, requestId) => {
    const name = String(host ?? '').slice(0, 200);
    if (seen.has(name) || seen.size >= 100) return;
    seen.add(name);
    logger.warn(
      { host: name, requestId },
      "web client key withheld: the request's Host is neither loopback nor in PUBLIC_HOSTS, so the page works read-only (add the name to PUBLIC_HOSTS if it is yours)",
    );
  };
}
