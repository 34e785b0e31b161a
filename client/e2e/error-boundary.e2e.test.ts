import { axeViolations, describeViolations } from './support/axe';
import { baseUrl, openBrowser, type Session } from './support/browser';

/** A lazily loaded page whose chunk does not arrive: a panel with Retry, not a blank page (issue 16). The throwing component: client/src/app/error-boundary.test.tsx. */
describe('Error boundary in the browser', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the dashboard chunk failing to load shows what failed and a Retry that loads it', async () => {
    const { page } = s;
    const chunk = /\/assets\/dashboard-page-[^/]*\.js$/;
    let refused = 0;
    await page.route(chunk, async (route) => {
      refused++;
      await route.abort('connectionfailed');
    });
    await page.goto(`${baseUrl()}/dashboard`);
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Part of the app for the dashboard could not be loaded\..*dashboard-page-.*\.js/);
    expect(refused).toBeGreaterThan(0);
    // the rest of the app still works: the navigation is there, and the panel itself passes axe
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).count()).toBe(1);
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    // Retry reloads the page (Chromium would fail a second import() of the same URL at once)
    await page.unroute(chunk);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByTestId('stat-users').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'could not be loaded' }).count()).toBe(0);
    // the aborted request is the only error the page logged
    expect(s.errors.filter((e) => !/Failed to load resource|dynamically imported module/.test(e))).toEqual([]);
  });
});
