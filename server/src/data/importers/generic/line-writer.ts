import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** text gathered before one write to the file: few large writes instead of one per line */
const FLUSH_CHARS = 1 << 16;

/**
 * Appends lines to a new file through a write stream, waiting for 'drain' when the stream's buffer is
 * full, so writing millions of lines keeps memory flat.
 */
export class LineWriter {
  private readonly out: WriteStream;
  private pending = '';
  lines = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(text: string): Promise<void> {
    if (text === '') return;
    this.pending += text;
    this.lines++;
    if (this.pending.length >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = '';
    // once() also rejects when the stream emits 'error' while waiting
    if (chunk && !this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  /** closes the file without waiting, after an error elsewhere */
  destroy(): void {
    this.out.destroy();
  }
}
