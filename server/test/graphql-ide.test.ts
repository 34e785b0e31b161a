import { startTestServer, type TestServer } from './support/server';

/**
 * GET /graphql from a browser is the project's own bundled GraphiQL (never Apollo's CDN-loaded
 * Sandbox); every other request to /graphql is Apollo's as before; GRAPHQL_IDE=false turns the
 * page and its files off. The page itself, offline in Chromium, is client/e2e/graphql-ide.e2e.test.ts.
 */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
let on: TestServer;
let off: TestServer;

beforeAll(async () => {
  [on, off] = await Promise.all([startTestServer(), startTestServer({ graphqlIde: false })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([on?.close(), off?.close()]);
});

const get = (ts: TestServer, pathAndQuery: string, headers: Record<string, string>) => fetch(`${ts.url}${pathAndQuery}`, { headers });

describe('GRAPHQL_IDE=true (default)', () => {
  it('a browser asking for HTML gets the GraphiQL page, with nothing from a CDN', async () => {
    const res = await get(on, '/graphql', { accept: BROWSER_ACCEPT });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('Tastegraph · GraphiQL');
    expect(html).not.toMatch(/cdn\.apollographql\.com|fonts\.googleapis|https?:\/\/(?!127\.0\.0\.1)/);
    // and the browser is told to refuse anything from elsewhere
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
  });

  it('GET queries asking for JSON and POST queries still reach Apollo', async () => {
    const q = encodeURIComponent('{ __typename }');
    // Apollo's CSRF prevention wants a preflight header on a GET, as before
    const viaGet = await get(on, `/graphql?query=${q}`, { accept: 'application/json', 'apollo-require-preflight': 'true' });
    expect(viaGet.status).toBe(200);
    expect(await viaGet.json()).toEqual({ data: { __typename: 'Query' } });
    const viaCurl = await get(on, `/graphql?query=${q}`, { accept: '*/*', 'apollo-require-preflight': 'true' });
    expect(await viaCurl.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await on.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});

describe('GRAPHQL_IDE=false', () => {
  it('GET /graphql in a browser gets what Apollo answers with no landing page, and the IDE files are not served', async () => {
    const res = await get(off, '/graphql', { accept: BROWSER_ACCEPT });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(text).not.toContain('GraphiQL');
    const file = await get(off, '/ide/graphiql.html', { accept: BROWSER_ACCEPT });
    expect(file.status).toBe(404);
    expect(await file.text()).toContain('GRAPHQL_IDE=false');
  });

  it('the API itself is unchanged', async () => {
    expect((await off.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
