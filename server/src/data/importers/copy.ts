/**
 * COPY … FROM STDIN helpers shared by the importers: the text format's escaping, and two ways to feed
 * a COPY (all chunks from an iterable, or pushed by a producer that reads a file) with backpressure.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY's text format: backslash, tab and line breaks must be escaped inside a value */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s;
}

/** a nullable value in COPY's text format (\N is NULL) */
export function copyNullable(s: string | null | undefined): string {
  return s === null || s === undefined ? '\\N' : copyText(s);
}

export async function copyRows(client: PoolClient, sql: string, chunks: Iterable<string | Buffer>): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(sql)));
}

/**
 * One COPY fed by a producer that calls send(chunk) as it goes (a file reader handing over batches);
 * send waits while the connection is busy. If the producer throws, the COPY is cancelled (CopyFail)
 * before the error is rethrown, so the connection is left ready for a ROLLBACK.
 */
export async function copyFromProducer(client: PoolClient, sql: string, produce: (send: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = finished(stream);
  done.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
  try {
    await produce(async (chunk) => {
      if (chunk && !stream.write(chunk)) await once(stream, 'drain');
    });
    stream.end();
  } catch (e) {
    stream.destroy(e as Error);
    await done.catch(() => undefined);
    throw e;
  }
  await done;
}

/**
 * COPY's binary format, for a table of fixed-width numeric columns: PostgreSQL reads the bytes as they
 * are, instead of parsing each value from text (and Node writes numbers into a buffer instead of
 * formatting strings). Each column is 'int8' (a whole number, |v| < 2^53), 'float4' or 'float8'.
 */
export type BinaryColumn = 'int8' | 'float4' | 'float8';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const WIDTH: Record<BinaryColumn, number> = { int8: 8, float4: 4, float8: 8 };

/** the binary stream's header (signature, flags, extension length) */
export function binaryCopyHeader(): Buffer {
  const b = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(b);
  return b;
}

/** the binary stream's trailer (a field count of -1) */
export function binaryCopyTrailer(): Buffer {
  return Buffer.from([0xff, 0xff]);
}

/**
 * Rows start..end of parallel columns as binary COPY tuples; values[c][k] is column c of row k.
 * Throws on a value an int8 column cannot hold exactly, rather than sending a wrong number.
 */
export function binaryCopyRows(types: readonly BinaryColumn[], values: readonly ArrayLike<number>[], start: number, end: number): Buffer {
  const rowBytes = 2 + types.reduce((n, t) => n + 4 + WIDTH[t], 0);
  const buf = Buffer.allocUnsafe(rowBytes * (end - start));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = 0;
  for (let k = start; k < end; k++) {
    view.setInt16(o, types.length);
    o += 2;
    for (let c = 0; c < types.length; c++) {
      const v = values[c][k];
      const t = types[c];
      view.setInt32(o, WIDTH[t]);
      o += 4;
      if (t === 'int8') {
        if (!Number.isSafeInteger(v)) throw new RangeError(`${v} is not a whole number an int8 COPY column can take exactly`);
        const high = Math.floor(v / 4294967296);
        view.setInt32(o, high);
        view.setUint32(o + 4, v - high * 4294967296);
        o += 8;
      } else if (t === 'float4') {
        view.setFloat32(o, v);
        o += 4;
      } else {
        view.setFloat64(o, v);
        o += 8;
      }
    }
  }
  return buf;
}
