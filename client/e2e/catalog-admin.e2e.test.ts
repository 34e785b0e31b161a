import { baseUrl, gql, openBrowser, type Session } from './support/browser';

/**
 * Bringing your own catalog through the browser, against the real server: the catalog admin page adds
 * an item (stored in catalogue order, shown as people say it), finds it, hides it (it leaves the
 * popular list at once) and deletes it; a user page deletes its user.
 */

/** the API's answer with its errors, for checking what no longer exists */
async function ask<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const res = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
}

/** polls until `ok` holds (a generous ceiling, no fixed sleep); fails naming what it waited for */
async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ceilingMs = 15_000): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`waited ${ceilingMs / 1000} s for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stamp = Date.now().toString(36);

describe('Catalog admin and user deletion', () => {
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

  it('adds an item, finds it, hides it (gone from the popular list) and deletes it', async () => {
    const { page } = s;
    const id = `e2e-lantern-${stamp}`;
    const category = `E2E Lamps ${stamp}`;
    const popularInCategory = async () =>
      (await gql<{ popularItems: { id: string }[] }>('query($c: [String!]) { popularItems(categories: $c, limit: 10) { id } }', { c: [category] })).popularItems.map((i) => i.id);

    // add: the server's web key (loopback) has the write scope, so the page offers the form
    await page.goto(`${baseUrl()}/admin/catalog`);
    await page.getByRole('button', { name: 'Add an item' }).click();
    const form = page.getByRole('form', { name: 'Add an item' });
    await form.getByLabel('ID', { exact: true }).fill(id);
    await form.getByLabel('Title', { exact: true }).fill('Lantern of the Dunes, The');
    await form.getByLabel('Categories').fill(`${category}, Outdoor`);
    await form.getByLabel('Published').fill('2024-05-01');
    // a broken attribute is refused in the page, with the reason, before anything is sent
    await form.getByLabel('Attributes (JSON)').fill('{"brand": Acme}');
    await form.getByRole('button', { name: 'Add item' }).click();
    await form.getByText(/^Not valid JSON: /).waitFor();
    expect((await ask<{ item: unknown }>('query($id: ID!) { item(id: $id) { id } }', { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await form.getByLabel('Attributes (JSON)').fill('{"brand": "Acme", "watts": 4}');
    await form.getByRole('button', { name: 'Add item' }).click();
    await page.getByTestId('admin-outcome').getByText(`Added The Lantern of the Dunes (id ${id}).`).waitFor();

    const stored = await gql<{ item: { title: string; displayTitle: string; categories: string[]; publishedAt: string; hidden: boolean; attributes: unknown } }>(
      'query($id: ID!) { item(id: $id) { title displayTitle categories publishedAt hidden attributes } }',
      { id },
    );
    expect(stored.item).toEqual({
      title: 'Lantern of the Dunes, The',
      displayTitle: 'The Lantern of the Dunes',
      categories: [category, 'Outdoor'],
      publishedAt: '2024-05-01T00:00:00.000Z',
      hidden: false,
      attributes: { brand: 'Acme', watts: 4 },
    });
    // recommendable at once: the popular list of its category holds it
    await eventually(popularInCategory, (ids) => ids.includes(id), 'the new item in popularItems(categories)');

    // find it in the public catalog, said as people say it, and open it
    await page.goto(`${baseUrl()}/catalog`);
    await page.getByLabel('Title').fill('Lantern of the Dunes');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'The Lantern of the Dunes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^The Lantern of the Dunes \(2024\)$/ }).waitFor();
    expect(await page.locator('.categories').first().textContent()).toBe(`${category} · Outdoor`);

    // hide it from the admin page: every list drops it, the item stays readable
    await page.goto(`${baseUrl()}/admin/catalog?q=${encodeURIComponent('Lantern of the Dunes')}`);
    const row = page.locator(`tr[data-item-id="${id}"]`);
    await row.getByRole('button', { name: 'Hide The Lantern of the Dunes' }).click();
    await row.getByTestId('item-status').getByText('Hidden').waitFor();
    await page
      .getByTestId('admin-outcome')
      .getByText(/is hidden: no list recommends it/)
      .waitFor();
    await eventually(popularInCategory, (ids) => !ids.includes(id), 'the hidden item to leave popularItems(categories)');
    expect((await gql<{ item: { hidden: boolean } }>('query($id: ID!) { item(id: $id) { hidden } }', { id })).item.hidden).toBe(true);

    // delete it: a confirmation first, then it is gone for good
    await row.getByRole('button', { name: 'Delete The Lantern of the Dunes' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete “The Lantern of the Dunes”?' });
    await dialog.getByRole('button', { name: 'Delete item' }).click();
    await page.getByTestId('admin-outcome').getByText(`Deleted “The Lantern of the Dunes” (id ${id}) and every interaction with it.`).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('No items match “Lantern of the Dunes”.').waitFor();
    expect((await ask('query($id: ID!) { item(id: $id) { id } }', { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('deletes a user from their page after the id is typed, then says what happened', async () => {
    const { page } = s;
    const id = `e2e-erase-${stamp}`;
    const key = process.env.E2E_ADMIN_KEY;
    const { popularItems } = await gql<{ popularItems: { id: string }[] }>('{ popularItems(limit: 2) { id } }');
    await gql(
      `mutation($id: ID!, $a: ID!, $b: ID!) {
        createUser(input: { id: $id }) { id }
        a: rateItem(input: { userId: $id, itemId: $a, rating: 4.5 }) { rating }
        b: rateItem(input: { userId: $id, itemId: $b, rating: 2 }) { rating }
      }`,
      { id, a: popularItems[0].id, b: popularItems[1].id },
      key,
    );

    await page.goto(`${baseUrl()}/?user=${encodeURIComponent(id)}`);
    const section = page.getByRole('region', { name: 'Delete this user' });
    await section.getByText(`their 2 interactions and cached lists go at once`, { exact: false }).waitFor();
    await section.getByRole('button', { name: `Delete user ${id}…` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete user ${id}?` });
    const confirm = dialog.getByRole('button', { name: 'Delete this user' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${id} to confirm`).fill(id);
    await confirm.click();

    await page.getByTestId('deleted-user-notice').getByText(`User ${id} was deleted`, { exact: false }).waitFor();
    expect(new URL(page.url()).searchParams.get('user')).toBeNull();
    // the page asks for a user again instead of bringing the deleted one back
    expect(await page.getByLabel('User ID').inputValue()).toBe('');
    for (const q of ['query($id: ID!) { user(id: $id) { id } }', 'query($id: ID!) { recommendations(userId: $id) { score } }']) {
      expect((await ask(q, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});
