import { Presets, SingleBar } from 'cli-progress';

/** One progress display, fed by the parser (bytes) and then by the importer (ratings copied). */
export interface ImportProgress {
  update(stage: string, done: number, total: number): void;
  /** ends the bar and prints one line: for a long step with nothing to count (the SQL upserts) */
  note(text: string): void;
  stop(): void;
}

/**
 * A cli-progress bar on the given stream (stderr), redrawn in place on a terminal and printed as
 * occasional lines otherwise, so logs of CI runs still show that something is happening.
 */
export function progressBar(stream: NodeJS.WriteStream): ImportProgress {
  const bar = new SingleBar(
    {
      stream,
      format: '{stage} [{bar}] {percentage}%',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    update(stage, done, total) {
      if (!started) {
        bar.start(total, done, { stage });
        started = true;
      } else if (stage !== current) {
        bar.setTotal(total);
      }
      current = stage;
      bar.update(done, { stage });
    },
    note(text) {
      this.stop();
      stream.write(`${text}\n`);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** For in-process callers without a terminal stream: one line per stage and tenth. */
export function progressLines(write: (text: string) => void): ImportProgress {
  let last = '';
  return {
    update(stage, done, total) {
      const key = `${stage} ${Math.floor((10 * done) / Math.max(total, 1)) * 10}%`;
      if (key !== last) write(`${key}\n`);
      last = key;
    },
    note(text) {
      write(`${text}\n`);
    },
    stop() {},
  };
}
