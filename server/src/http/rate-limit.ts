import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { RateLimitCount } from '../data/repositories/rate-limit.repository';
import type { Logger } from '../logger';

const WINDOW_MS = 60_000;

/** where replicas reconcile their counts (RateLimitRepository) */
export interface RateLimitStore {
  sync(deltas: RateLimitCount[], read: Omit<RateLimitCount, 'hits'>[]): Promise<RateLimitCount[]>;
  prune(before: Date): Promise<number>;
}

/** one subject's count in one window, as this replica knows it */
interface Counter {
  window: number;
  /** the total of every replica at the last sync (our own synced hits included) */
  global: number;
  /** our hits being pushed right now */
  inflight: number;
  /** our hits not pushed yet */
  unsynced: number;
}

const total = (c: Counter | undefined) => (c ? c.global + c.inflight + c.unsynced : 0);

/**
 * Requests per minute per API key for requests with a valid key, per client IP for the rest (no
 * key, or a key that does not authenticate). An IP already over its limit is refused before its key
 * is even looked up, so rotating made-up keys neither escapes the limit nor floods the database
 * with lookups.
 *
 * Counts live in one-minute windows aligned to the clock (the same on every replica); a request is
 * judged on the sliding-window estimate `previous × (share of the last minute it still covers) +
 * current`, so a window boundary neither resets a client's count nor lets it burst twice the limit.
 *
 * One limit across replicas without a database round trip per request: each replica decides from
 * the totals it last read plus its own hits since, and every `syncMs` adds its new hits to the shared
 * counts and reads the totals back (one statement). Worst case, the replicas together accept beyond
 * the limit what the others accepted since their last sync (README: tolerance). When the database
 * cannot be reached the replica keeps limiting with what it knows (never fails open, never fails a
 * request for want of a sync) and pushes its counts once it is back.
 */
export class RateLimiter {
  /** per subject: its counters of the current and the previous window */
  private readonly subjects = new Map<string, { current: Counter; previous?: Counter }>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private syncFailing = false;
  private lastPrune = 0;

  constructor(
    readonly perMinute: number,
    private readonly store: RateLimitStore | null = null,
    private readonly options: { syncMs?: number; logger?: Logger } = {},
  ) {}

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** the subject's counters, rolled forward to the window of `now` */
  private counters(who: string, now: number): { current: Counter; previous?: Counter } {
    const window = now - (now % WINDOW_MS);
    let s = this.subjects.get(who);
    if (!s) {
      s = { current: { window, global: 0, inflight: 0, unsynced: 0 } };
      this.subjects.set(who, s);
    } else if (s.current.window !== window) {
      s.previous = s.current.window === window - WINDOW_MS ? s.current : undefined;
      s.current = { window, global: 0, inflight: 0, unsynced: 0 };
    }
    return s;
  }

  /** the sliding-window estimate of the subject's requests over the last minute */
  private estimate(s: { current: Counter; previous?: Counter }, now: number): number {
    const covered = 1 - (now - s.current.window) / WINDOW_MS;
    return total(s.previous) * covered + total(s.current);
  }

  /** whole seconds until one more request fits, if none is made meanwhile */
  private wait(s: { current: Counter; previous?: Counter }, now: number): number {
    const limit = this.perMinute - 1;
    const cur = total(s.current);
    const prev = total(s.previous);
    let at: number; // ms since the current window started
    if (cur <= limit) at = prev > 0 ? WINDOW_MS * (1 - (limit - cur) / prev) : 0;
    else at = WINDOW_MS + WINDOW_MS * (1 - limit / cur); // the current window has to age into the previous one
    return Math.max(1, Math.ceil((s.current.window + at - now) / 1000));
  }

  /** seconds to wait when `who` is already at its limit, else 0 (does not count) */
  retryAfter(who: string): number {
    if (!this.enabled) return 0;
    const now = Date.now();
    const s = this.counters(who, now);
    return this.estimate(s, now) + 1 > this.perMinute ? this.wait(s, now) : 0;
  }

  /** counts one request; seconds to wait when it is over the limit, else 0 */
  hit(who: string): number {
    if (!this.enabled) return 0;
    const now = Date.now();
    const s = this.counters(who, now);
    s.current.unsynced++;
    return this.estimate(s, now) > this.perMinute ? this.wait(s, now) : 0;
  }

  /** pushes local hits and reads back the shared totals; concurrent calls share one run */
  sync(): Promise<void> {
    this.syncing ??= this.doSync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async doSync(): Promise<void> {
    const now = Date.now();
    const window = now - (now % WINDOW_MS);
    const counters = new Map<string, Counter>();
    const deltas: RateLimitCount[] = [];
    const read: Omit<RateLimitCount, 'hits'>[] = [];
    for (const who of [...this.subjects.keys()]) {
      const s = this.counters(who, now);
      if (!s.previous && !total(s.current)) {
        this.subjects.delete(who); // nothing in the last two windows: forget it
        continue;
      }
      for (const c of [s.previous, s.current]) {
        if (!c) continue;
        const windowStart = new Date(c.window);
        counters.set(`${who}\u0000${c.window}`, c);
        if (c.unsynced > 0) {
          deltas.push({ subject: who, windowStart, hits: c.unsynced });
          c.inflight += c.unsynced;
          c.unsynced = 0;
        } else read.push({ subject: who, windowStart });
      }
    }
    if (!this.store || (!deltas.length && !read.length)) return;
    let totals: RateLimitCount[];
    try {
      totals = await this.store.sync(deltas, read);
      if (now - this.lastPrune > WINDOW_MS) {
        this.lastPrune = now;
        await this.store.prune(new Date(window - WINDOW_MS));
      }
    } catch (err) {
      // keep the hits for the next try; meanwhile this replica limits with what it knows
      for (const d of deltas) {
        const c = counters.get(`${d.subject}\u0000${d.windowStart.getTime()}`)!;
        c.inflight -= d.hits;
        c.unsynced += d.hits;
      }
      if (!this.syncFailing)
        this.options.logger?.warn({ err: (err as Error).message }, 'rate limits cannot be shared through the database; each replica limits on its own until it is back');
      this.syncFailing = true;
      return;
    }
    if (this.syncFailing) this.options.logger?.info('rate limits are shared through the database again');
    this.syncFailing = false;
    for (const d of deltas) counters.get(`${d.subject}\u0000${d.windowStart.getTime()}`)!.inflight -= d.hits;
    for (const t of totals) {
      const c = counters.get(`${t.subject}\u0000${new Date(t.windowStart).getTime()}`);
      if (c) c.global = Math.max(c.global, t.hits);
    }
  }

  /** starts and stops the periodic sync with the Apollo server (apollo.stop() flushes the last hits) */
  plugin<T extends object>(): ApolloServerPlugin<T> {
    return {
      serverWillStart: async () => {
        if (!this.enabled || !this.store) return;
        this.timer = setInterval(() => void this.sync(), this.options.syncMs ?? 1000);
        this.timer.unref();
        return {
          serverWillStop: async () => {
            if (this.timer) clearInterval(this.timer);
            this.timer = null;
            await this.sync();
          },
        };
      },
    };
  }

  message(retry: number): string {
    return `Rate limit of ${this.perMinute} requests per minute exceeded; retry in ${retry} s.`;
  }

  /** the GraphQL error for a request over its limit (HTTP 429 with Retry-After) */
  error(retry: number): GraphQLError {
    return new GraphQLError(this.message(retry), {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retry, http: { status: 429, headers: new Map([['retry-after', String(retry)]]) } },
    });
  }

  /**
   * Express middleware: refuses, before any work, an IP that is already over its limit. Express
   * works out req.ip anew on every read (trusted proxies, X-Forwarded-For): it is kept in
   * res.locals.clientIp for the per-request count that follows (clientIp()).
   */
  ipGate() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!this.enabled) return next();
      const ip = clientIp(req, res);
      const retry = this.retryAfter(`ip:${ip}`);
      if (!retry) return next();
      res.setHeader('Retry-After', String(retry));
      res.status(429).json({ errors: [{ message: this.message(retry), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retry } }] });
    };
  }
}

/** the request's client address (req.ip), worked out once per request */
export function clientIp(req: Request, res: Response): string | undefined {
  return (res.locals.clientIp ??= req.ip) as string | undefined;
}
