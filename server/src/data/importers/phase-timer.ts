/**
 * Seconds spent in each phase of an import (copying, merging users, …), returned with its result so
 * the benchmark and the CLI can say where the time went. Phases run one after another on one
 * connection, so they add up to the import's time.
 */
export type PhaseTimings = Record<string, number>;

export class PhaseTimer {
  readonly timings: PhaseTimings = {};

  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      this.timings[phase] = (this.timings[phase] ?? 0) + Number(process.hrtime.bigint() - started) / 1e9;
    }
  }
}
