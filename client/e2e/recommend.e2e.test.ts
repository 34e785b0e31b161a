import { baseUrl, gql, openBrowser, screenshot, type Session, shownTitles } from './support/browser';

/** Home page against the real server: a user id → real titles, strategies, rating feedback. */
const USER = '3';

interface Recs {
  recommendations: { item: { displayTitle: string } }[];
}
const titlesFromApi = async (strategy: string) =>
  (
    await gql<Recs>(`query($u: ID!, $s: Strategy!) { recommendations(userId: $u, strategy: $s, limit: 10) { item { displayTitle } } }`, { u: USER, s: strategy })
  ).recommendations.map((r) => r.item.displayTitle);

describe('Recommend page', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows at least 10 real titles with reasons for an entered user id, the id in the URL', async () => {
    const { page } = s;
    await page.goto(baseUrl());
    await page.getByLabel('User ID').fill(USER);
    await page.getByRole('button', { name: 'Show recommendations' }).click();
    await page.locator('.rec-list > li').nth(9).waitFor();
    expect(new URL(page.url()).searchParams.get('user')).toBe(USER);
    const titles = await shownTitles(page);
    expect(titles.length).toBeGreaterThanOrEqual(10);
    expect(titles).toEqual(await titlesFromApi('AUTO'));
    expect(await page.locator('.rec-list .reasons li').count()).toBeGreaterThanOrEqual(10);
    await page.locator('.history-list li').first().waitFor();
    await screenshot(page, 'recommend', false);
  });

  it('changes the list when the strategy changes', async () => {
    const { page } = s;
    const before = await shownTitles(page);
    await page.getByLabel('POPULARITY', { exact: true }).click();
    await page.waitForURL(/strategy=POPULARITY/);
    await page.locator('.rec-list .badge', { hasText: 'POPULARITY' }).first().waitFor();
    await page.locator('.rec-list > li').nth(9).waitFor();
    const after = await shownTitles(page);
    expect(after).toEqual(await titlesFromApi('POPULARITY'));
    expect(after).not.toEqual(before);
  });

  it('removes a rated item at once and refreshes the list from the server', async () => {
    const { page } = s;
    await page.getByLabel('SVD', { exact: true }).click();
    await page.waitForURL(/strategy=SVD/);
    await page.locator('.rec-list .badge', { hasText: 'SVD' }).first().waitFor();
    await page.locator('.rec-list > li').nth(9).waitFor();
    const before = await shownTitles(page);
    const rated = before[0];
    await page
      .getByRole('group', { name: `Rate ${rated}`, exact: true })
      .getByRole('button', { name: '5 stars', exact: true })
      .click();
    await page.getByText(/You rated 1 item here; the list is up to date/).waitFor();
    await page.locator('.rec-list > li').nth(9).waitFor();
    const after = await shownTitles(page);
    expect(after).not.toContain(rated);
    expect(after).toHaveLength(10);
    expect(after).toEqual(await titlesFromApi('SVD'));
    // the refreshed list brought in something that was not there before
    expect(after.some((t) => !before.includes(t))).toBe(true);
    await page.locator('.history-list li', { hasText: rated }).first().waitFor();
    expect(s.errors).toEqual([]);
  });

  it('keeps the User ID when the menu leads to Compare and back', async () => {
    const { page } = s;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Compare', exact: true }).click();
    await page.waitForURL(new RegExp(`/compare\\?user=${USER}$`));
    expect(await page.getByLabel('User ID').inputValue()).toBe(USER);
    await page.locator('.compare-col').nth(3).locator('.compare-list li').first().waitFor();
    await nav.getByRole('link', { name: 'Recommend', exact: true }).click();
    await page.waitForURL(new RegExp(`/\\?user=${USER}$`));
    await page.locator('.rec-list > li').nth(9).waitFor();
    expect(s.errors).toEqual([]);
  });

  it('explains an unknown user and offers to create it', async () => {
    const { page } = s;
    await page.goto(`${baseUrl()}/?user=nobody-here-42`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('No user has the id nobody-here-42 yet.');
    expect(await alert.getByRole('link', { name: 'Create user nobody-here-42' }).getAttribute('href')).toBe('/new-user?id=nobody-here-42');
    expect(s.errors).toEqual([]);
  });

  it('picks ALS and ITEM_CF, described by the server, and shows 10 titled items with reasons for user 1 (last: it changes the user)', async () => {
    const { page } = s;
    const { strategies } = await gql<{ strategies: { name: string; description: string }[] }>('{ strategies { name description } }');
    await page.goto(`${baseUrl()}/?user=1`);
    for (const name of ['ALS', 'ITEM_CF']) {
      await page.getByLabel(name, { exact: true }).click();
      await page.waitForURL(new RegExp(`strategy=${name}`));
      // the chosen strategy's description, in the server's words
      await page
        .getByTestId('strategy-help')
        .filter({ hasText: strategies.find((x) => x.name === name)!.description })
        .waitFor();
      await page.locator('.rec-list .badge', { hasText: name }).first().waitFor();
      await page.locator('.rec-list > li').nth(9).waitFor();
      const titles = await shownTitles(page);
      expect(titles).toHaveLength(10);
      const api = await gql<Recs>(`query($s: Strategy!) { recommendations(userId: "1", strategy: $s, limit: 10) { item { displayTitle } } }`, { s: name });
      expect(titles).toEqual(api.recommendations.map((r) => r.item.displayTitle));
      expect(
        await page
          .locator('.rec-list > li')
          .filter({ has: page.locator('.reasons li') })
          .count(),
      ).toBe(10);
    }
    expect(s.errors).toEqual([]);
  });
});
