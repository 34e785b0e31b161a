import { baseUrl, gql, openBrowser, screenshot, type Session } from './support/browser';

/**
 * A new user starts on popularity ("Cold start…") and turns personal at 5 ratings, where AUTO's "short"
 * bucket begins (AUTO_BUCKETS): on the demo data too few users have fewer than 5 training ratings to
 * measure anything on them, so AUTO answers them with popularity.
 */
const MIN_INTERACTIONS = 5;

describe('New user / cold start', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates a user, shows cold-start popularity, then personalized recommendations after 5 ratings', async () => {
    const { page } = s;
    const id = `e2e-${Date.now().toString(36)}`;
    await page.goto(`${baseUrl()}/new-user`);
    await page.getByLabel('Choose a user ID').fill(id);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL(new RegExp(`user=${id}`));

    const state = page.getByTestId('cold-start-state');
    await state.waitFor();
    expect(await state.textContent()).toMatch(/^Cold start: 0 ratings so far/);
    const badges = await page.locator('.rec-list .badge').allTextContents();
    expect(badges.length).toBeGreaterThanOrEqual(10);
    expect(new Set(badges)).toEqual(new Set(['POPULARITY']));
    expect(await page.locator('.rec-list .reasons li').first().textContent()).toMatch(/^Cold start/);

    const picks = page.locator('.picks > li');
    await picks.nth(MIN_INTERACTIONS - 1).waitFor();
    for (let i = 0; i < MIN_INTERACTIONS; i++) {
      const stars = picks.nth(i).getByRole('button', { name: i % 2 ? '4.5 stars' : '5 stars', exact: true });
      await stars.click();
      // each rating refetches the list before the buttons are enabled again
      await page.locator(`.picks > li.picked`).nth(i).waitFor();
      await page.waitForFunction(() => !document.querySelector('.picks button[disabled]'));
      if (i < MIN_INTERACTIONS - 1) {
        await page.getByText(new RegExp(`^Cold start: ${i + 1} ratings? so far`)).waitFor();
      }
    }
    const { strategies } = await gql<{ strategies: { name: string; personalized: boolean; trainable: boolean }[] }>('{ strategies { name personalized trainable } }');
    const personalized = strategies.filter((x) => x.personalized && x.trainable).map((x) => x.name);
    await page.getByText(new RegExp(`^Personalized now: these come from (${personalized.join('|')})`)).waitFor();
    const after = await page.locator('.rec-list .badge').allTextContents();
    expect(after.length).toBeGreaterThanOrEqual(10);
    expect(after).not.toContain('POPULARITY');
    const reasons = await page.locator('.rec-list .reasons li').allTextContents();
    expect(reasons.some((r) => r.startsWith('Cold start'))).toBe(false);
    await screenshot(page, 'new-user', false);
    expect(s.errors).toEqual([]);
  });
});
