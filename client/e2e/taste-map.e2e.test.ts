import { baseUrl, gql, openBrowser, screenshot, type Session } from './support/browser';

/** The taste map against the real server: points, the user's marker, highlighted items, hover titles. */
const USER = '1';

interface MapData {
  tasteMap: { items: { item: { displayTitle: string }; rated: boolean; recommended: boolean }[]; user: { x: number } | null };
}
const mapFromApi = (strategy: string, userId: string | null) =>
  gql<MapData>(`query($s: Strategy!, $u: ID) { tasteMap(strategy: $s, userId: $u, limit: 500) { items { item { displayTitle } rated recommended } user { x } } }`, {
    s: strategy,
    u: userId,
  });

const symbols = (kind: string) => `.taste-map-${kind} .recharts-symbols`;

describe('Taste map', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  it("draws the catalog, user 1's marker and their rated and recommended items on the Recommend page", async () => {
    const { page } = s;
    await page.goto(`${baseUrl()}/?user=${USER}&strategy=SVD`);
    const section = page.getByRole('region', { name: /Taste map/ });
    await section.locator(symbols('user')).first().waitFor();
    const api = (await mapFromApi('SVD', USER)).tasteMap;
    const count = (pred: (i: MapData['tasteMap']['items'][number]) => boolean) => api.items.filter(pred).length;
    expect(await section.locator(symbols('user')).count()).toBe(1);
    expect(await section.locator(symbols('recommended')).count()).toBe(count((i) => i.recommended));
    expect(await section.locator(symbols('rated')).count()).toBe(count((i) => i.rated && !i.recommended));
    expect(await section.locator(symbols('catalog')).count()).toBe(count((i) => !i.rated && !i.recommended));
    expect(await section.locator(symbols('catalog')).count()).toBeGreaterThan(100);
    // the legend, and hovering a recommendation names it
    await section.getByRole('list', { name: 'Legend' }).getByText('Recommended to this user').waitFor();
    await section.locator(symbols('recommended')).first().hover({ force: true });
    const tip = await section.locator('.taste-map-tooltip strong').textContent();
    const recommended = api.items.filter((i) => i.recommended).map((i) => i.item.displayTitle);
    expect(recommended.some((t) => tip?.startsWith(t))).toBe(true);
    await page.mouse.move(0, 0);
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'taste-map', false);
    expect(s.errors).toEqual([]);
  });

  it('switches the model among those with a map', async () => {
    const { page } = s;
    const section = page.getByRole('region', { name: /Taste map/ });
    const select = section.getByRole('combobox', { name: 'Model' });
    const options = await select.locator('option').allTextContents();
    const { strategies } = await gql<{ strategies: { name: string; hasTasteMap: boolean }[] }>(`{ strategies { name hasTasteMap } }`);
    expect(options).toEqual(strategies.filter((x) => x.hasTasteMap).map((x) => x.name));
    const other = options.find((o) => o !== 'SVD')!;
    await select.selectOption(other);
    await section.getByText(new RegExp(`Taste map of the ${other} model`)).waitFor({ state: 'attached' });
    await section.locator(symbols('user')).first().waitFor();
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `taste-map-${other.toLowerCase()}`, false);
    expect(s.errors).toEqual([]);
  });

  it('shows the catalog alone on the dashboard, and places a user given there', async () => {
    const { page } = s;
    await page.goto(`${baseUrl()}/dashboard`);
    const section = page.getByRole('region', { name: /Taste map/ });
    await section.locator(symbols('catalog')).first().waitFor();
    expect(await section.locator(symbols('user')).count()).toBe(0);
    await section.getByLabel('Place a user on the map').fill(USER);
    await section.getByRole('button', { name: 'Show user' }).click();
    await section.locator(symbols('user')).first().waitFor();
    expect(await section.locator(symbols('recommended')).count()).toBeGreaterThan(0);
    expect(s.errors).toEqual([]);
  });
});
