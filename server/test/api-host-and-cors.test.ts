/**
 * The web client's key goes only to requests whose Host is loopback or listed in PUBLIC_HOSTS
 * (a DNS-rebinding page says `Host: evil.example`), and other web origins reach /graphql only
 * through the CORS_ORIGINS allowlist — credentials off, never on /client-config.json.
 */
import http from 'node:http';
import { ConfigError, loadConfig } from '../src/config';
import { startTestServer, type TestServer } from './support/server';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http, not fetch: fetch may not let a test choose the Host header */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

const corsHeaders = (a: Answer) => Object.keys(a.headers).filter((h) => h.startsWith('access-control-'));

describe('the web client key and the Host header', () => {
  let ts: TestServer;
  let port: number;
  beforeAll(async () => {
    ts = await startTestServer({ publicHosts: ['tastegraph.example.com', 'lab.example.org:8443'] });
    port = ts.server.port;
  });
  afterAll(() => ts?.close());

  const apiKeyFor = async (host: string, extra: Record<string, string> = {}) => {
    const a = await request(`${ts.url}/client-config.json`, { headers: { host, ...extra } });
    expect(a.status).toBe(200);
    return (JSON.parse(a.body) as { apiKey: string | null }).apiKey;
  };

  test('loopback Host names get the key, and it writes', async () => {
    const key = await apiKeyFor(`127.0.0.1:${port}`);
    expect(key).toMatch(/^tg_/);
    for (const host of [`localhost:${port}`, 'localhost', `[::1]:${port}`, '127.0.0.1', `127.1.2.3:${port}`, `LOCALHOST:${port}`]) {
      expect(await apiKeyFor(host)).toBe(key);
    }
    const r = await ts.gql('mutation { createUser(input: { id: "host-check-user" }) { id } }', undefined, { authorization: `Bearer ${key}` });
    expect(r.errors).toBeUndefined();
  });

  test('a forged Host (DNS rebinding) gets the same answer without the key', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', 'localhost.evil.example', '127.0.0.1:80@evil.example']) {
      const a = await request(`${ts.url}/client-config.json`, { headers: { host } });
      expect({ host, status: a.status, body: JSON.parse(a.body) }).toEqual({ host, status: 200, body: { apiKey: null, requireKeyForReads: false } });
    }
  });

  test('a rebinding page cannot pass for loopback with X-Forwarded-Host', async () => {
    expect(await apiKeyFor('evil.example', { 'x-forwarded-host': `localhost:${port}` })).toBeNull();
    expect(await apiKeyFor(`localhost:${port}`, { 'x-forwarded-host': 'evil.example' })).toBeNull();
  });

  test('names listed in PUBLIC_HOSTS get the key (any port, or the one listed)', async () => {
    expect(await apiKeyFor('tastegraph.example.com')).toMatch(/^tg_/);
    expect(await apiKeyFor('TasteGraph.Example.com:4000')).toMatch(/^tg_/);
    expect(await apiKeyFor('lab.example.org:8443')).toMatch(/^tg_/);
    expect(await apiKeyFor('lab.example.org')).toBeNull();
    expect(await apiKeyFor('lab.example.org:9000')).toBeNull();
    expect(await apiKeyFor('example.com')).toBeNull();
  });
});

describe('CORS_ORIGINS', () => {
  const allowed = 'https://shop.example.com';
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ corsOrigins: [allowed, 'http://localhost:5173'] });
  });
  afterAll(() => ts?.close());

  const preflight = (origin: string, headers = 'content-type,authorization,apollo-require-preflight') =>
    request(`${ts.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
    });

  test('a preflight from an allowed origin gets the CORS headers, credentials off', async () => {
    const a = await preflight(allowed, 'content-type,authorization,x-request-id,apollo-require-preflight,x-apollo-operation-name');
    expect(a.status).toBeLessThan(300);
    expect(a.headers['access-control-allow-origin']).toBe(allowed);
    expect(a.headers['access-control-allow-methods']).toMatch(/POST/);
    const allowedHeaders = String(a.headers['access-control-allow-headers']).toLowerCase().split(',');
    for (const h of ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name']) expect(allowedHeaders).toContain(h);
    expect(Number(a.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(a.headers.vary)).toMatch(/origin/i);
  });

  test('the real cross-origin POST works, with a key of its own, and says which origin may read it', async () => {
    const a = await request(`${ts.url}/graphql`, {
      method: 'POST',
      headers: { origin: allowed, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toEqual({ data: { __typename: 'Query' } });
    expect(a.headers['access-control-allow-origin']).toBe(allowed);
    expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(a.headers['access-control-expose-headers'])).toMatch(/x-request-id/);
  });

  test('a cross-origin GET without a preflight header is still refused by CSRF prevention', async () => {
    const a = await request(`${ts.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: allowed } });
    expect(a.status).toBe(400);
    expect(a.body).not.toContain('"__typename"');
  });

  test('a refused origin gets no Access-Control-Allow-Origin, on the preflight or the request', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example.com.evil.example', 'http://shop.example.com', 'null']) {
      const p = await preflight(origin);
      expect({ origin, allow: p.headers['access-control-allow-origin'] }).toEqual({ origin, allow: undefined });
      const a = await request(`${ts.url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect({ origin, allow: a.headers['access-control-allow-origin'] }).toEqual({ origin, allow: undefined });
    }
  });

  test('/client-config.json never carries CORS headers, even for an allowed origin', async () => {
    const a = await request(`${ts.url}/client-config.json`, { headers: { origin: allowed } });
    expect(JSON.parse(a.body).apiKey).toMatch(/^tg_/); // loopback Host: the page's own key …
    expect(corsHeaders(a)).toEqual([]); // … which no other origin can read
    const p = await request(`${ts.url}/client-config.json`, { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'GET' } });
    expect(corsHeaders(p)).toEqual([]);
  });
});

test('with CORS_ORIGINS empty (the default) no CORS header is sent at all', async () => {
  const ts = await startTestServer({});
  try {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    const p = await request(`${ts.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' } });
    const a = await request(`${ts.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://shop.example.com', 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(a.status).toBe(200);
    expect([...corsHeaders(p), ...corsHeaders(a)]).toEqual([]);
  } finally {
    await ts.close();
  }
});

test('CORS_ORIGINS=* allows any origin, still without credentials, and still not /client-config.json', async () => {
  const ts = await startTestServer({ corsOrigins: ['*'] });
  try {
    const a = await request(`${ts.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://anyone.example', 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(a.headers['access-control-allow-origin']).toBe('*');
    expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    expect(corsHeaders(await request(`${ts.url}/client-config.json`, { headers: { origin: 'https://anyone.example' } }))).toEqual([]);
  } finally {
    await ts.close();
  }
});

describe('configuration', () => {
  const fails = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error(`${JSON.stringify(env)} was accepted`);
  };

  test('PUBLIC_HOSTS takes host names and host:port, normalized', () => {
    expect(loadConfig({ PUBLIC_HOSTS: ' TasteGraph.example.com , 10.0.0.5:4000,[fd00::5]:443,, ' }).publicHosts).toEqual([
      'tastegraph.example.com',
      '10.0.0.5:4000',
      '[fd00::5]:443',
    ]);
    expect(loadConfig({}).publicHosts).toEqual([]);
  });

  test.each(['https://tastegraph.example.com', 'tastegraph.example.com/app', '*', '*.example.com', 'host:99999', 'host:', 'a b', 'fd00::5', 'exa_mple.com'])(
    'PUBLIC_HOSTS=%s is refused with a message naming the entry',
    (entry) => {
      const message = fails({ PUBLIC_HOSTS: `ok.example.com,${entry}` });
      expect(message).toContain(`PUBLIC_HOSTS entry "${entry}"`);
      expect(message).toMatch(/without scheme or path/);
    },
  );

  test('CORS_ORIGINS takes exact origins, normalized the way browsers send them, or a lone *', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://Shop.Example.com:443, http://localhost:5173 ,https://a.example/' }).corsOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
      'https://a.example',
    ]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  test.each([
    ['shop.example.com', /is not an origin/],
    ['https://shop.example.com/app', /no path/],
    ['https://shop.example.com?x=1', /no path/],
    ['https://user:pw@shop.example.com', /credentials/],
    ['ftp://shop.example.com', /http:\/\/ or https:\/\//],
    ['chrome-extension://abcdef', /http:\/\/ or https:\/\//],
    ['null', /sandboxed/],
    ['https://*.example.com', /no wildcards/],
  ])('CORS_ORIGINS=%s is refused', (entry, why) => {
    const message = fails({ CORS_ORIGINS: entry });
    expect(message).toContain(`CORS_ORIGINS entry "${entry}"`);
    expect(message).toMatch(why);
  });

  test('CORS_ORIGINS cannot mix * with origins', () => {
    expect(fails({ CORS_ORIGINS: '*,https://shop.example.com' })).toMatch(/either \* alone/);
  });
});
