import { binaryCopyHeader, binaryCopyRows, binaryCopyTrailer } from './copy';

describe('binary COPY rows', () => {
  it('writes the field count, then each field as length + big-endian bytes', () => {
    const buf = binaryCopyRows(['int8', 'float4', 'float8'], [[2 ** 40 + 5], [3.5], [-1.25]], 0, 1);
    expect(buf.length).toBe(2 + (4 + 8) + (4 + 4) + (4 + 8));
    expect(buf.readInt16BE(0)).toBe(3);
    expect(buf.readInt32BE(2)).toBe(8);
    expect(buf.readBigInt64BE(6)).toBe(2n ** 40n + 5n);
    expect(buf.readInt32BE(14)).toBe(4);
    expect(buf.readFloatBE(18)).toBe(3.5);
    expect(buf.readDoubleBE(26)).toBe(-1.25);
  });

  it('takes rows start..end of the columns, and negative whole numbers', () => {
    const buf = binaryCopyRows(['int8'], [[1, -7, 3]], 1, 2);
    expect(buf.readBigInt64BE(6)).toBe(-7n);
    expect(buf.length).toBe(14);
  });

  it('refuses a number an int8 cannot take exactly, rather than sending another', () => {
    expect(() => binaryCopyRows(['int8'], [[1.5]], 0, 1)).toThrow(RangeError);
    expect(() => binaryCopyRows(['int8'], [[2 ** 60]], 0, 1)).toThrow(RangeError);
  });

  it('frames the stream with the signature header and the -1 trailer', () => {
    expect(binaryCopyHeader().subarray(0, 11)).toEqual(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'));
    expect(binaryCopyHeader().length).toBe(19);
    expect(binaryCopyTrailer().readInt16BE(0)).toBe(-1);
  });
});
