/**
 * Group commit: writes that arrive while a group is being committed (or within `waitMs` of the first
 * one, when none is) are committed together, so N concurrent writers cost one transaction and one
 * round of post-commit work instead of N. One group is in flight at a time, so groups commit in
 * arrival order. A unit whose conflict keys (the rows it writes: a rating's user and item, an event's
 * idempotency key) are already in the group being gathered waits for the next group: two writes of
 * the same row are never in one statement, and they commit one after the other, as they would alone.
 *
 * `commit` settles every unit of a group: it returns one outcome per unit, in order.
 * If it throws, every unit of the group fails with that error.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** the outcome of a promise: its value, or whatever it threw (not only Error instances) */
export function settle<R>(p: Promise<R>): Promise<Outcome<R>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export interface GroupUnit {
  /** the rows this unit writes, as strings: units sharing one never share a group */
  readonly conflictKeys: readonly string[];
  /** how much of a group it takes (a batch of 500 events: 500) */
  readonly size: number;
}

export interface GroupCommitOptions {
  /** how long the first write of an idle committer waits for company (0: only those of the same tick) */
  waitMs: number;
  /** a group closes at this total size (a unit larger than it goes alone) */
  maxSize: number;
}

interface Pending<U, R> {
  unit: U;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter<U extends GroupUnit, R> {
  private queue: Pending<U, R>[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  /** groups committed and units in them, for the statistics a benchmark reports */
  readonly stats = { groups: 0, units: 0 };

  constructor(
    private readonly commit: (units: U[]) => Promise<Outcome<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.timer) return;
    const full = this.queue.reduce((n, p) => n + p.unit.size, 0) >= this.options.maxSize;
    const go = () => {
      this.timer = null;
      void this.run();
    };
    this.timer = full || this.options.waitMs <= 0 ? (setImmediate(go) as unknown as NodeJS.Timeout) : setTimeout(go, this.options.waitMs);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // what arrived while a group committed forms the next group at once: it has waited already
      while (this.queue.length) await this.commitGroup(this.take());
    } finally {
      this.running = false;
      if (this.queue.length) this.schedule();
    }
  }

  /** the next group: queued units in order, skipping (for the next group) those that conflict */
  private take(): Pending<U, R>[] {
    const group: Pending<U, R>[] = [];
    const rest: Pending<U, R>[] = [];
    const keys = new Set<string>();
    let size = 0;
    for (const p of this.queue) {
      const fits = group.length === 0 || size + p.unit.size <= this.options.maxSize;
      if (!fits || p.unit.conflictKeys.some((k) => keys.has(k))) {
        rest.push(p);
        continue;
      }
      for (const k of p.unit.conflictKeys) keys.add(k);
      size += p.unit.size;
      group.push(p);
    }
    this.queue = rest;
    return group;
  }

  private async commitGroup(group: Pending<U, R>[]): Promise<void> {
    this.stats.groups++;
    this.stats.units += group.length;
    try {
      const results = await this.commit(group.map((p) => p.unit));
      group.forEach((p, i) => {
        const r = results[i];
        if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      });
    } catch (err) {
      for (const p of group) p.reject(err);
    }
  }
}
