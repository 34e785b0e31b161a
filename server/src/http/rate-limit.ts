import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';

/**
 * Fixed-window request counting: per API key for requests with a valid key, per client IP for the
 * rest (no key, or a key that does not authenticate). An IP already over its limit is refused before
 * its key is even looked up, so rotating made-up keys neither escapes the limit nor floods the
 * database with lookups. In memory: with N replicas each enforces its own windows (see the README).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = Date.now();

  constructor(readonly perMinute: number) {}

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  private window(who: string, now: number) {
    if (now - this.lastSweep > 60_000) {
      for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
      this.lastSweep = now;
    }
    let w = this.windows.get(who);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      this.windows.set(who, w);
    }
    return w;
  }

  /** seconds to wait when `who` is already over the limit, else 0 (does not count) */
  retryAfter(who: string): number {
    if (!this.enabled) return 0;
    const now = Date.now();
    const w = this.window(who, now);
    return w.count >= this.perMinute ? Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) : 0;
  }

  /** counts one request; seconds to wait when it is over the limit, else 0 */
  hit(who: string): number {
    if (!this.enabled) return 0;
    const now = Date.now();
    const w = this.window(who, now);
    w.count++;
    return w.count > this.perMinute ? Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) : 0;
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
