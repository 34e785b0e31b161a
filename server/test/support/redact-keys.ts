/**
 * A first start of an in-process test server prints the admin-key banner on stderr, and jest
 * shows whatever a test worker writes in the run's log. Keys never belong in a log, so every
 * `tg_…` key this worker writes is redacted (jest setupFiles: runs before each test file; the
 * stream is patched once per worker process).
 */
const KEY = /tg_[A-Za-z0-9_-]+/g;
const PATCHED = Symbol.for('tastegraph.redactKeys');

export const redactKeys = (text: string): string => text.replace(KEY, 'tg_…redacted');

for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { [PATCHED]?: true })[]) {
  if (stream[PATCHED]) continue;
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : null;
    return write(text === null ? chunk : redactKeys(text), ...rest);
  }) as typeof stream.write;
  stream[PATCHED] = true;
}
