import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { RateLimitDelta } from '../data/repositories/rate-limit.repository';
import type { Logger } from '../logger';

const WINDOW_MS = 60_000;

/** where replicas reconcile their counts (RateLimitRepository) */
export interface RateLimitStore {
  sync(windowStart: Date, deltas: RateLimitDelta[], read: string[]): Promise<Map<string, number>>;
  prune(before: Date): Promise<number>;
}

/** one subject's count in the current window, as this replica knows it */
interface Counter {
  window: number;
  /** the total of every replica at the last sync (our own synced hits included) */
  global: number;
  /** our hits being pushed right now */
  inflight: number;
  /** our hits not pushed yet */
  unsynced: number;
}

/**
 * Fixed one-minute windows (aligned to the clock, the same on every replica): per API key for
 * requests with a valid key, per client IP for the rest (no key, or a key that does not
 * authenticate). An IP already over its limit is refused before its key is even looked up, so
 * rotating made-up keys neither escapes the limit nor floods the database with lookups.
 *
 * One limit across replicas without a database round trip per request: each replica decides from
 * the total it last read plus its own hits since, and every `syncMs` adds its new hits to the shared
 * counts and reads the totals back (one statement). Worst case, the replicas together accept what
 * the others accepted since their last sync beyond the limit (README: tolerance). When the database
 * cannot be reached the replica keeps limiting with what it knows (never fails open, never fails a
 * request for want of a sync) and pushes its counts once it is back.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
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

  private counter(who: string, now: number): Counter {
    const window = now - (now % WINDOW_MS);
    let c = this.counters.get(who);
    if (!c || c.window !== window) {
      c = { window, global: 0, inflight: 0, unsynced: 0 };
      this.counters.set(who, c);
    }
    return c;
  }

  private wait(c: Counter, now: number): number {
    return Math.max(1, Math.ceil((c.window + WINDOW_MS - now) / 1000));
  }

  private count(c: Counter): number {
    return c.global + c.inflight + c.unsynced;
  }

  /** seconds to wait when `who` is already over the limit, else 0 (does not count) */
  retryAfter(who: string): number {
    if (!this.enabled) return 0;
    const now = Date.now();
    const c = this.counter(who, now);
    return this.count(c) >= this.perMinute ? this.wait(c, now) : 0;
  }

  /** counts one request; seconds to wait when it is over the limit, else 0 */
  hit(who: string): number {
    if (!this.enabled) return 0;
    const now = Date.now();
    const c = this.counter(who, now);
    c.unsynced++;
    return this.count(c) > this.perMinute ? this.wait(c, now) : 0;
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
    const deltas: RateLimitDelta[] = [];
    const read: string[] = [];
    for (const [who, c] of this.counters) {
      if (c.window !== window) {
        this.counters.delete(who); // a past window: nothing left to decide with it
        continue;
      }
      if (c.unsynced > 0) {
        deltas.push({ subject: who, hits: c.unsynced });
        c.inflight += c.unsynced;
        c.unsynced = 0;
      } else read.push(who);
    }
    if (!this.store || (!deltas.length && !read.length)) return;
    let totals: Map<string, number>;
    try {
      totals = await this.store.sync(new Date(window), deltas, read);
      if (now - this.lastPrune > WINDOW_MS) {
        this.lastPrune = now;
        await this.store.prune(new Date(window - WINDOW_MS));
      }
    } catch (err) {
      // keep the hits for the next try; meanwhile this replica limits with what it knows
      for (const d of deltas) {
        const c = this.counters.get(d.subject);
        if (c?.window === window) {
          c.inflight -= d.hits;
          c.unsynced += d.hits;
        }
      }
      if (!this.syncFailing) this.options.logger?.warn({ err: (err as Error).message }, 'rate limits cannot be shared through the database; each replica limits on its own until it is back');
      this.syncFailing = true;
      return;
    }
    if (this.syncFailing) this.options.logger?.info('rate limits are shared through the database again');
    this.syncFailing = false;
    for (const d of deltas) {
      const c = this.counters.get(d.subject);
      if (c?.window === window) c.inflight -= d.hits;
    }
    for (const [who, total] of totals) {
      const c = this.counters.get(who);
      if (c?.window === window) c.global = Math.max(c.global, total);
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

  /** Express middleware: refuses, before any work, an IP that is already over its limit */
  ipGate() {
    return (req: Request, res: Response, next: NextFunction) => {
      const retry = this.retryAfter(`ip:${req.ip}`);
      if (!retry) return next();
      res.setHeader('Retry-After', String(retry));
      res.status(429).json({ errors: [{ message: this.message(retry), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retry } }] });
    };
  }
}
