import type { GraphiQLProps } from 'graphiql';

export type IdeFetcher = GraphiQLProps['fetcher'];

/**
 * GraphiQL's fetcher, our own rather than @graphiql/toolkit's: one JSON POST per operation (the
 * API has no subscriptions or @defer). The JSON content type also satisfies Apollo's CSRF
 * prevention. The key the web client uses is added unless the Headers pane sets its own
 * Authorization, so a pasted header always wins.
 */
export function createIdeFetcher(opts: { url: string; apiKey: () => string | null; fetchImpl?: typeof fetch }): IdeFetcher {
  const fetchImpl = opts.fetchImpl ?? ((input, init) => fetch(input, init));
  return async (params, fetcherOpts) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    for (const [name, value] of Object.entries(fetcherOpts?.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const key = opts.apiKey();
    if (key && !headers.authorization) headers.authorization = `Bearer ${key}`;
    const res = await fetchImpl(opts.url, { method: 'POST', headers, body: JSON.stringify(params) });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      // a proxy's error page or an empty answer: show what came back instead of a parse error
      return { errors: [{ message: `HTTP ${res.status} ${res.statusText}: the answer is not JSON`, extensions: { body: text.slice(0, 500) } }] };
    }
  };
}
