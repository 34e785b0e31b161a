import { EMPTY_ITEM_FORM, formatPublishedAt, itemToForm, parseAttributes, parseCategories, parseItemForm, parsePublishedAt } from './item-form-values';

describe('parseCategories', () => {
  it('splits on commas, trims, drops empty ones and repeats (ignoring case)', () => {
    expect(parseCategories(' Shoes, running ,, Shoes , RUNNING, Sale ')).toEqual(['Shoes', 'running', 'Sale']);
    expect(parseCategories('  ')).toEqual([]);
  });
});

describe('parsePublishedAt', () => {
  it.each([
    ['', null],
    ['1980', '1980-01-01T00:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T09:30', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01 09:30:15Z', '2024-05-01T09:30:15.000Z'],
    ['2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['2024-05-01T09:30:00-0130', '2024-05-01T11:00:00.000Z'],
  ])('reads %j as %j (UTC unless an offset is named)', (text, iso) => {
    expect(parsePublishedAt(text)).toEqual({ value: iso });
  });

  it.each(['yesterday', '05/01/2024', '2024-13-01', '2024-02-30', '2024-05-01T25:00', '1980T10:00'])('refuses %j, saying what to write', (text) => {
    const r = parsePublishedAt(text);
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(/2024-05-01/);
  });
});

describe('parseAttributes', () => {
  it('accepts an object, and nothing as null', () => {
    expect(parseAttributes(' {"brand": "Acme", "price": 12.5, "tags": ["a"]} ')).toEqual({ value: { brand: 'Acme', price: 12.5, tags: ['a'] } });
    expect(parseAttributes('')).toEqual({ value: null });
  });

  it('refuses broken JSON with the parser’s reason, and JSON that is not an object', () => {
    expect((parseAttributes('{"brand": }') as { error: string }).error).toMatch(/^Not valid JSON: .+\. Write an object/);
    for (const text of ['[1, 2]', '"Acme"', '42', 'null']) {
      expect((parseAttributes(text) as { error: string }).error).toMatch(/must be a JSON object/);
    }
  });
});

describe('parseItemForm', () => {
  it('turns a filled form into an ItemInput stating every field', () => {
    const r = parseItemForm({
      id: ' sku-1 ',
      title: ' Trail runner ',
      categories: 'Shoes, Running',
      description: '  ',
      publishedAt: '2024-05-01',
      hidden: true,
      attributes: '{"brand":"Acme"}',
    });
    expect(r).toEqual({
      input: {
        id: 'sku-1',
        title: 'Trail runner',
        categories: ['Shoes', 'Running'],
        description: null,
        publishedAt: '2024-05-01T00:00:00.000Z',
        hidden: true,
        attributes: { brand: 'Acme' },
      },
    });
  });

  it('names every field to fix at once', () => {
    const r = parseItemForm({ ...EMPTY_ITEM_FORM, publishedAt: 'soon', attributes: '[]' });
    expect(Object.keys((r as { errors: object }).errors).sort()).toEqual(['attributes', 'id', 'publishedAt', 'title']);
  });
});

describe('itemToForm', () => {
  it('shows a stored item for editing, and round-trips through parseItemForm', () => {
    const item = {
      id: '1196',
      title: 'Empire Strikes Back, The',
      categories: ['Action', 'Sci-Fi'],
      description: null,
      publishedAt: '1980-01-01T00:00:00.000Z',
      hidden: false,
      attributes: { imdb: 'tt0080684' },
    };
    const form = itemToForm(item);
    expect(form).toEqual({
      id: '1196',
      title: 'Empire Strikes Back, The',
      categories: 'Action, Sci-Fi',
      description: '',
      publishedAt: '1980-01-01',
      hidden: false,
      attributes: '{\n  "imdb": "tt0080684"\n}',
    });
    expect(parseItemForm(form)).toEqual({ input: item });
  });

  it('keeps a time of day when there is one', () => {
    expect(formatPublishedAt('2024-05-01T09:30:00.000Z')).toBe('2024-05-01T09:30:00Z');
    expect(formatPublishedAt(null)).toBe('');
  });
});
