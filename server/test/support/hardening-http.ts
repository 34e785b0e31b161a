/**
 * Small helpers shared by the hardening tests: bounded-concurrency fan-out, and raw HTTP posts
 * that keep the status and the body as text (hostile requests may not get JSON back).
 */

/** runs fn over xs with at most `limit` in flight; results in input order */
export async function mapConcurrent<T, R>(xs: readonly T[], limit: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, xs.length) }, async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i], i);
    }
  });
  await Promise.all(lanes);
  return out;
}

export interface RawResponse {
  status: number;
  text: string;
  /** the parsed body, or undefined when it is not JSON */
  json?: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | unknown[];
  ms: number;
}

export async function postRaw(url: string, body: string | Buffer, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<RawResponse> {
  const t0 = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, ms: Date.now() - t0 };
}

/** the `extensions.code` of every error in a GraphQL response body */
export function errorCodes(r: RawResponse): (string | undefined)[] {
  const body = r.json as { errors?: { extensions?: { code?: string } }[] } | undefined;
  return (body?.errors ?? []).map((e) => e.extensions?.code);
}

/**
 * Like postRaw, over node:http: a server may answer 413 and close the socket while a big body is
 * still being uploaded; fetch then only reports "fetch failed", this keeps the answer it got.
 */
export function postHttp(url: string, body: string | Buffer, headers: Record<string, string> = {}, timeoutMs = 20_000): Promise<RawResponse> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof import('node:http');
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }, timeout: timeoutMs });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawResponse['json'];
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json, ms: Date.now() - t0 });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    // the upload cut short after the answer arrived is expected; before it, a real failure
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(body);
  });
}
