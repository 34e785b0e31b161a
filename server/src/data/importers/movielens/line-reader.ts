import { open } from 'node:fs/promises';

const CHUNK_BYTES = 4 << 20;

/**
 * Streams a file line by line in 4 MB chunks, so a 250 MB ratings file never sits in memory whole.
 * Decodes as latin-1: rating files are ASCII digits and separators, and latin-1 maps every byte to
 * one character, so a chunk boundary can never split a character. Strips a trailing CR (CRLF files).
 * onLine gets the 1-based line number; onProgress the bytes read so far and the file's size.
 */
export async function forEachLine(
  file: string,
  onLine: (text: string, line: number) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const total = (await fh.stat()).size;
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let done = 0;
    let line = 0;
    let carry = '';
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      done += bytesRead;
      const text = carry + buf.toString('latin1', 0, bytesRead);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end), ++line);
        start = nl + 1;
      }
      carry = text.slice(start);
      onProgress?.(done, total);
    }
    if (carry.length > 0) onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, ++line);
    onProgress?.(done, total);
  } finally {
    await fh.close();
  }
}
