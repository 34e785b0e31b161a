import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachLine } from './line-reader';

const dir = mkdtempSync(join(tmpdir(), 'line-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lines(content: string, chunkBytes: number): Promise<[string, number][]> {
  const file = join(dir, 'f.txt');
  writeFileSync(file, content, 'latin1');
  const out: [string, number][] = [];
  await forEachLine(file, (b, s, e, line) => out.push([b.toString('latin1', s, e), line]), undefined, chunkBytes);
  return out;
}

describe('forEachLine', () => {
  // lines split across chunk boundaries at every offset, lines longer than a chunk, CRLF and LF
  // mixed, an empty line, and a last line without a line break
  const content = '1,2,3.5,100\r\nshort\n\na much longer line than any chunk here\r\nx\nlast-no-newline';
  const expected: [string, number][] = [
    ['1,2,3.5,100', 1],
    ['short', 2],
    ['', 3],
    ['a much longer line than any chunk here', 4],
    ['x', 5],
    ['last-no-newline', 6],
  ];

  it.each([1, 2, 3, 5, 7, 11, 16, 64, 4096])('gives the same lines with %i-byte chunks', async (chunk) => {
    expect(await lines(content, chunk)).toEqual(expected);
  });

  it('handles a CRLF split between two chunks and a file ending in CRLF', async () => {
    expect(await lines('ab\r\ncd\r\n', 3)).toEqual([
      ['ab', 1],
      ['cd', 2],
    ]);
  });

  it('reads an empty file as no lines', async () => {
    expect(await lines('', 8)).toEqual([]);
  });
});
