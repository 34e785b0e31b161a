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

export async function copyRows(client: PoolClient, sql: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(sql)));
}

/**
 * One COPY fed by a producer that calls send(chunk) as it goes (a file reader handing over batches);
 * send waits while the connection is busy. If the producer throws, the COPY is cancelled (CopyFail)
 * before the error is rethrown, so the connection is left ready for a ROLLBACK.
 */
export async function copyFromProducer(
  client: PoolClient, sql: string, produce: (send: (chunk: string) => Promise<void>) => Promise<void>,
): Promise<void> {
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
