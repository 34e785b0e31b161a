import { FieldError } from './format-error';
import { formatAttributeCell, formatTimestamp, isEmpty, parseAttributeCell, parseBoolean, parseId, parseList, parseNumber, parseTimestamp, timestampSeconds } from './values';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FieldError) return e.reason;
    throw e;
  }
  throw new Error('did not throw');
};

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z'],
    ['2024-03-01T12:00:00+02:00', '2024-03-01T10:00:00Z'],
    ['2024-03-01 07:30:00-0230', '2024-03-01T10:00:00Z'],
    ['2024-03-01T10:00', '2024-03-01T10:00:00Z'],
    ['2024-03-01', '2024-03-01T00:00:00Z'],
    ['2024-03', '2024-03-01T00:00:00Z'],
    ['1995', '1995-01-01T00:00:00Z'],
    ['2024-03-01T10:00:00.25Z', '2024-03-01T10:00:00.250000Z'],
    ['2024-03-01T10:00:00.123456789Z'.replace('789', '000'), '2024-03-01T10:00:00.123456Z'],
    ['1709287200', '2024-03-01T10:00:00Z'],
    ['1709287200.5', '2024-03-01T10:00:00.500000Z'],
    ['-1.25', '1969-12-31T23:59:58.750000Z'],
    [' 0 ', '1970-01-01T00:00:00Z'],
    ['0050-06-01', '0050-06-01T00:00:00Z'],
  ])('reads %j as %s', (raw, iso) => {
    expect(formatTimestamp(parseTimestamp(raw))).toBe(iso);
  });

  it('reads JSON numbers as Unix seconds, except four-digit ones, which are years', () => {
    expect(formatTimestamp(parseTimestamp(1709287200))).toBe('2024-03-01T10:00:00Z');
    expect(formatTimestamp(parseTimestamp(1709287200.25))).toBe('2024-03-01T10:00:00.250000Z');
    expect(formatTimestamp(parseTimestamp(1995))).toBe('1995-01-01T00:00:00Z');
  });

  it('round-trips microseconds exactly, also far from 1970', () => {
    for (const iso of ['1605-01-16T00:00:00.000001Z', '2250-12-31T23:59:59.999999Z', '1969-12-31T23:59:59.999999Z']) {
      expect(formatTimestamp(parseTimestamp(iso))).toBe(iso);
    }
    expect(timestampSeconds(parseTimestamp('1970-01-01T00:00:01.5Z'))).toBe(1.5);
  });

  it.each([
    ['yesterday', /is not a time; write ISO 8601/],
    ['2024-02-30', /is not a valid date/],
    ['2024-03-01T25:00:00Z', /is not a valid date/],
    ['2024-03-01T10:00:00+25:00', /invalid time zone offset/],
    ['2024-03-01T10:00:00.1234567Z', /more precise than a microsecond/],
    ['99999999999999', /is not a time/],
    ['253402300800', /outside the years 1–9999/],
  ])('refuses %j', (raw, message) => {
    expect(reason(() => parseTimestamp(raw))).toMatch(message);
  });
  it('refuses other JSON types', () => {
    expect(reason(() => parseTimestamp(true))).toMatch(/not a time/);
  });
});

describe('field values', () => {
  it('ids: text exactly as written, or whole numbers; the id rule of catalog-rules.ts', () => {
    expect(parseId('sku-1')).toBe('sku-1');
    expect(parseId(17)).toBe('17');
    expect(reason(() => parseId(''))).toBe('is required: an id of 1–128 characters');
    expect(reason(() => parseId(null))).toBe('is required: an id of 1–128 characters');
    expect(reason(() => parseId(' sku-1 '))).toMatch(/must not start or end with whitespace/);
    expect(reason(() => parseId(1.5))).toMatch(/not an id/);
    expect(reason(() => parseId('x'.repeat(129)))).toBe('must be 1–128 characters, got 129');
  });

  it('lists: "|"-separated text or arrays of strings, entries kept as written', () => {
    expect(parseList('electronics|audio')).toEqual(['electronics', 'audio']);
    expect(parseList('electronics| audio ||')).toEqual(['electronics', ' audio ', '', '']);
    expect(parseList(['a', ' b ', 'c|d'])).toEqual(['a', ' b ', 'c|d']);
    expect(parseList('')).toEqual([]);
    expect(parseList(null)).toEqual([]);
    expect(reason(() => parseList(['a', 2]))).toMatch(/entry 2 \(2\) is not a string/);
    expect(reason(() => parseList(3))).toMatch(/not a list/);
  });

  it('booleans and numbers', () => {
    expect([true, 'TRUE', 'yes', '1', 1].map(parseBoolean)).toEqual([true, true, true, true, true]);
    expect([false, 'false', 'No', '0', '', 0].map(parseBoolean)).toEqual([false, false, false, false, false, false]);
    expect(reason(() => parseBoolean('maybe'))).toBe('"maybe" is not true or false');
    expect(['3', ' 0.5 ', '2e3', '.5', 4].map(parseNumber)).toEqual([3, 0.5, 2000, 0.5, 4]);
    expect(reason(() => parseNumber('abc'))).toBe('"abc" is not a number');
    expect(reason(() => parseNumber('1,5'))).toBe('"1,5" is not a number');
    expect(isEmpty(' ')).toBe(true);
    expect(isEmpty(0)).toBe(false);
  });
});

describe('attribute cells', () => {
  it('read JSON where the cell is JSON, text otherwise', () => {
    expect(parseAttributeCell('19.99')).toBe(19.99);
    expect(parseAttributeCell('true')).toBe(true);
    expect(parseAttributeCell('[1,"a"]')).toEqual([1, 'a']);
    expect(parseAttributeCell('{"w":2}')).toEqual({ w: 2 });
    expect(parseAttributeCell('"42"')).toBe('42');
    expect(parseAttributeCell('red')).toBe('red');
    expect(parseAttributeCell('12 cm')).toBe('12 cm');
    expect(parseAttributeCell('{not json')).toBe('{not json');
  });

  it('every JSON value survives format → parse', () => {
    for (const v of ['red', '42', 'true', ' padded ', '', '"quoted"', '{x', 42, -0.5, false, null, [1, 'a'], { a: { b: [null] } }]) {
      expect(parseAttributeCell(formatAttributeCell(v))).toEqual(v);
    }
    expect(formatAttributeCell('red')).toBe('red');
    expect(formatAttributeCell('42')).toBe('"42"');
  });
});
