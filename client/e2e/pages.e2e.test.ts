import { baseUrl, gql, openBrowser, screenshot, type Session } from './support/browser';

/** Compare, catalog, item, dashboard and API pages against the real server. */
describe('Compare, catalog, item, dashboard and API pages', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });
  afterEach(() => {
    expect(s.errors).toEqual([]);
  });

  it('compare shows one list of 10 per strategy, with shared items highlighted and category overlap', async () => {
    const { page } = s;
    // the server's own list (the registry's order, AUTO last)
    const strategies = (await gql<{ strategies: { name: string }[] }>('{ strategies { name } }')).strategies.map((x) => x.name);
    await page.goto(`${baseUrl()}/compare?user=1`);
    const columns = page.locator('.compare-col');
    await columns
      .nth(strategies.length - 1)
      .locator('.compare-list li')
      .nth(9)
      .waitFor();
    expect(await columns.count()).toBe(strategies.length);
    expect(await columns.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-strategy')))).toEqual(strategies);
    for (let i = 0; i < strategies.length; i++) expect(await columns.nth(i).locator('.compare-list li').count()).toBe(10);
    // each column says what its strategy is, in the server's words; ALS and ITEM_CF among them, with real titles
    const described = (await gql<{ strategies: { description: string }[] }>('{ strategies { description } }')).strategies;
    for (let i = 0; i < strategies.length; i++) expect(await columns.nth(i).locator('.strategy-description').textContent()).toBe(described[i].description);
    for (const name of ['ALS', 'ITEM_CF']) {
      const api = await gql<{ recommendations: { item: { displayTitle: string } }[] }>(
        `query($s: Strategy!) { recommendations(userId: "1", strategy: $s, limit: 10) { item { displayTitle } } }`,
        { s: name },
      );
      const shown = await page.locator(`.compare-col[data-strategy="${name}"] .compare-list li a`).allTextContents();
      expect(shown).toEqual(api.recommendations.map((r) => r.item.displayTitle));
    }
    // AUTO resolves to a personal strategy for user 1, so at least its items are shared
    expect(await page.locator('.compare-list li.shared').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('category-overlap').first().textContent()).toMatch(/Category overlap with your taste: \d+%/);
    await screenshot(page, 'compare');
  });

  it('catalog searches, filters by category and pages', async () => {
    const { page } = s;
    await page.goto(`${baseUrl()}/catalog`);
    await page.getByLabel('Title').fill('star');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=star/);
    await page.locator('.catalog-table tbody tr').first().waitFor();
    const titles = await page.locator('.catalog-table tbody td:first-child').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t.toLowerCase()).toContain('star');

    await page.goto(`${baseUrl()}/catalog?category=Drama`);
    await page.locator('.catalog-table tbody tr').nth(19).waitFor();
    const first = await page.locator('.catalog-table tbody td:first-child').allTextContents();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/page 2/).waitFor();
    const second = await page.locator('.catalog-table tbody td:first-child').allTextContents();
    expect(second.some((t) => first.includes(t))).toBe(false);
    for (const g of await page.locator('.catalog-table tbody td.categories').allTextContents()) expect(g).toContain('Drama');
  });

  it('item page shows the rating distribution chart and similar items', async () => {
    const { page } = s;
    const { popularItems } = await gql<{ popularItems: { id: string; displayTitle: string }[] }>('{ popularItems(limit: 1) { id displayTitle } }');
    await page.goto(`${baseUrl()}/items/${popularItems[0].id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(popularItems[0].displayTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.locator('.similar-list li').count()).toBeGreaterThan(0);
    await screenshot(page, 'item');
  });

  it('dashboard metric values equal the API, and an admin key trains a model with live progress', async () => {
    const { page } = s;
    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByTestId('stat-users').waitFor();
    const { datasetStats } = await gql<{ datasetStats: { users: number; items: number } }>('{ datasetStats { users items } }');
    expect(await page.getByTestId('stat-users').textContent()).toBe(datasetStats.users.toLocaleString('en-US'));

    // paste the admin key the server printed at its first start
    await page.getByText('API key:').click();
    await page.getByLabel(/Paste an API key/).fill(process.env.E2E_ADMIN_KEY ?? '');
    await page.getByRole('button', { name: 'Save key' }).click();
    // a training card per strategy the server can train, in its order
    const { strategies } = await gql<{ strategies: { name: string; trainable: boolean }[] }>('{ strategies { name trainable } }');
    await page.getByRole('button', { name: 'Train POPULARITY' }).waitFor();
    const cards = await page.locator('.train-card').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-strategy')));
    expect(cards).toEqual(strategies.filter((x) => x.trainable).map((x) => x.name));
    await page.getByRole('button', { name: 'Train POPULARITY' }).click();
    const progress = page.locator('[data-strategy="POPULARITY"] .job-progress');
    await progress.waitFor();
    await page.locator('[data-strategy="POPULARITY"] [data-job-status="SUCCEEDED"]').waitFor({ timeout: 60_000 });
    expect(await progress.textContent()).toMatch(/succeeded .* 100% .* version #\d+/);
    // whether the new version serves now, and why, in words (not only in a tooltip)
    expect(await page.locator('[data-strategy="POPULARITY"] [data-testid="version-verdict"]').textContent()).toMatch(/^Version #\d+: \w/);

    type V = { id: string; metrics: Record<string, number | null> | null };
    const { models } = await gql<{ models: V[] }>('{ models(limit: 50) { id metrics { rmse mae precisionAtK recallAtK ndcgAtK mapAtK coverage } } }');
    await page.locator(`tr[data-version-id="${models[0].id}"]`).waitFor();
    expect(await page.getByRole('table', { name: 'Model versions and metrics' }).locator('tbody tr').count()).toBe(models.length);
    for (const v of models) {
      for (const key of ['rmse', 'mae', 'precisionAtK', 'recallAtK', 'ndcgAtK', 'mapAtK', 'coverage']) {
        const cell = await page.locator(`tr[data-version-id="${v.id}"] td[data-metric="${key}"]`).textContent();
        const value = v.metrics?.[key];
        expect(cell).toBe(value == null ? '—' : value.toFixed(4));
      }
    }
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'dashboard');
  });

  it('API page links to the GraphQL IDE and explains keys', async () => {
    const { page } = s;
    await page.goto(`${baseUrl()}/api`);
    expect(await page.getByRole('link', { name: '/graphql' }).getAttribute('href')).toBe('/graphql');
    expect(await page.locator('#keys').textContent()).toBe('API keys');
    expect(await page.getByText('npm run key -- create --scope write --name NAME').count()).toBe(1);
    // the curl line names the server the page came from
    expect(await page.getByTestId('curl-example').textContent()).toContain(`curl -s ${baseUrl()}/graphql `);
    expect(await page.getByRole('table', { name: 'Error codes' }).getByRole('row').count()).toBeGreaterThan(10);
  });
});
