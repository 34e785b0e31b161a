import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { baseUrl, openBrowser, screenshot, type Session } from './support/browser';

/**
 * GET /graphql in a browser is the project's own GraphiQL, bundled from npm: it must work with
 * the internet cut off (Apollo's Sandbox came from a CDN and Google Fonts) and stay out of the
 * main client's bundle.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DIST = path.resolve(__dirname, '..', 'dist');

/** text of one of GraphiQL's Monaco panes (Monaco renders spaces as no-break spaces) */
const paneText = (page: Page, selector: string) => page.evaluate((sel) => (document.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' '), selector);

/** opens the IDE with `query` in its editor (GraphiQL's ?query=), runs it, returns the response pane */
async function runInIde(page: Page, query: string, expected: string): Promise<string> {
  await page.goto(`${baseUrl()}/graphql?query=${encodeURIComponent(query)}`);
  // Monaco loads after the page: run only once the editor holds the operation
  await page.waitForFunction((q) => (document.querySelector('.graphiql-query-editor')?.textContent ?? '').replace(/\u00a0/g, ' ').includes(q), query);
  await page.getByRole('button', { name: /^Execute query/ }).click();
  await page
    .waitForFunction((want) => (document.querySelector('.graphiql-response')?.textContent ?? '').replace(/\u00a0/g, ' ').includes(want), expected)
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\nresponse pane: ${await paneText(page, '.graphiql-response')}`);
    });
  return paneText(page, '.graphiql-response');
}

describe('GraphQL IDE at /graphql', () => {
  let s: Session;
  /** every request (and WebSocket) the page tried to send off this machine */
  const outside: string[] = [];
  beforeAll(async () => {
    s = await openBrowser();
    await s.context.route('**/*', (route) => {
      const url = route.request().url();
      if (LOOPBACK.has(new URL(url).hostname)) return route.continue();
      outside.push(url);
      return route.abort('internetdisconnected');
    });
    s.page.on('websocket', (ws) => {
      if (!LOOPBACK.has(new URL(ws.url()).hostname)) outside.push(ws.url());
    });
  });
  afterAll(async () => {
    await s?.close();
  });
  afterEach(() => {
    expect(outside).toEqual([]);
    expect(s.errors).toEqual([]);
  });

  it('opens on a default query that runs: recommendations with reasons, the explorer beside it', async () => {
    const { page } = s;
    // a fresh profile: no stored tabs, so GraphiQL shows the default query
    await page.goto(`${baseUrl()}/graphql`);
    await page.waitForFunction(() => (document.querySelector('.graphiql-query-editor')?.textContent ?? '').includes('RecommendationsForUser1'));
    await page.locator('.graphiql-explorer-root').getByText('recommendations', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await page.waitForFunction(() => /"reasons": \[/.test((document.querySelector('.graphiql-response')?.textContent ?? '').replace(/\u00a0/g, ' ')));
    expect(await paneText(page, '.graphiql-response')).not.toContain('"errors"');
    await screenshot(page, 'graphiql', false);
  });

  it('runs { __typename } with every non-loopback request blocked, and none attempted', async () => {
    const { page } = s;
    expect(await runInIde(page, '{ __typename }', '"__typename": "Query"')).toContain('"__typename": "Query"');
    expect(await page.title()).toBe('Tastegraph · GraphiQL');
    // the explorer plugin is open and has the schema (introspection went through our fetcher)
    await page.locator('.graphiql-explorer-root').getByText('recommendations', { exact: true }).first().waitFor();
  });

  it('sends the web client key, so a mutation works from the IDE on a loopback server', async () => {
    const id = `ide-${Date.now().toString(36)}`;
    const response = await runInIde(s.page, `mutation { createUser(input: { id: "${id}" }) { id } }`, `"id": "${id}"`);
    expect(response).not.toContain('errors');
  });

  it('is not part of the main client: its pages load nothing from the IDE build and no Monaco', async () => {
    // a page of its own: the IDE's page may still be loading a worker
    const page = await s.context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${baseUrl()}/api`);
    await page.getByRole('heading', { level: 1, name: 'GraphQL API' }).waitFor();
    await page.close();
    expect(requested.length).toBeGreaterThan(1);
    expect(requested.filter((p) => p.startsWith('/ide/'))).toEqual([]);
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    expect(html).not.toMatch(/\/ide\//);
    // not one byte of Monaco or GraphiQL's code in any chunk of the main build
    for (const file of fs.readdirSync(path.join(DIST, 'assets'))) {
      expect([file, fs.readFileSync(path.join(DIST, 'assets', file), 'utf8').includes('monaco')]).toEqual([file, false]);
    }
  });
});
