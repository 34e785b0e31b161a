import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from './support/axe';
import { baseUrl, gql, openBrowser, type Session } from './support/browser';

/**
 * Every page of the client, scanned by axe-core in Chromium once it shows its content: no serious
 * or critical violation (issue 16), at a desktop's width and at a phone's. A new route belongs in PAGES.
 */
const PAGES: { name: string; path: string | (() => Promise<string>); ready: (page: Page) => Promise<void> }[] = [
  { name: 'recommend (no user)', path: '/', ready: (p) => p.getByLabel('User ID').first().waitFor() },
  { name: 'recommend (user 1)', path: '/?user=1', ready: (p) => p.locator('.rec-list > li').nth(9).waitFor() },
  {
    name: 'recommend (unknown user)',
    path: '/?user=nobody-here-a11y',
    ready: (p) =>
      p
        .getByRole('link', { name: /create/i })
        .first()
        .waitFor(),
  },
  { name: 'compare', path: '/compare?user=1', ready: (p) => p.locator('.compare-col .compare-list li').nth(9).waitFor() },
  { name: 'new user', path: '/new-user', ready: (p) => p.getByLabel('Choose a user ID').waitFor() },
  { name: 'catalog', path: '/catalog', ready: (p) => p.locator('.catalog-table tbody tr').first().waitFor() },
  { name: 'catalog admin', path: '/admin/catalog', ready: (p) => p.locator('table tbody tr').first().waitFor() },
  {
    name: 'item',
    path: async () => `/items/${(await gql<{ popularItems: { id: string }[] }>('{ popularItems(limit: 1) { id } }')).popularItems[0].id}`,
    ready: (p) => p.locator('.recharts-bar-rectangle').first().waitFor(),
  },
  {
    name: 'dashboard',
    path: '/dashboard',
    ready: async (p) => {
      await p.getByTestId('stat-users').waitFor();
      await p.locator('.recharts-bar-rectangle').first().waitFor();
      await p.locator('.recharts-area').first().waitFor();
    },
  },
  { name: 'API', path: '/api', ready: (p) => p.getByRole('table', { name: 'Error codes' }).waitFor() },
  { name: 'not found', path: '/no-such-page', ready: (p) => p.getByRole('heading', { name: 'Page not found' }).waitFor() },
];

describe('Accessibility: axe-core on every page', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(PAGES.map((p) => [p.name, p] as const))('%s has no serious or critical violation', async (_name, p) => {
    const { page } = s;
    const path = typeof p.path === 'string' ? p.path : await p.path();
    await page.goto(`${baseUrl()}${path}`);
    await p.ready(page);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    // and on a phone's width, where wide tables scroll (their scroller must take keyboard focus)
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      expect(describeViolations(await axeViolations(page))).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(s.errors).toEqual([]);
  });
});
