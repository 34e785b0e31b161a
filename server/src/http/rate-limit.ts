import type { NextFunction, Request, Response } from 'express';

/**
 * Fixed-window request counting per API key (or per client IP for calls without one).
 * In memory: with N replicas each enforces its own window (documented in the README).
 */
export function rateLimit(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = Date.now();
  return (req: Request, res: Response, next: NextFunction) => {
    if (perMinute <= 0) return next();
    const now = Date.now();
    if (now - lastSweep > 60_000) {
      for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
      lastSweep = now;
    }
    const auth = req.headers.authorization;
    const who = auth ? `key:${auth.slice(-16)}` : `ip:${req.ip}`;
    let w = windows.get(who);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      windows.set(who, w);
    }
    if (++w.count > perMinute) {
      const retry = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
      res.setHeader('Retry-After', String(retry));
      res.status(429).json({
        errors: [{
          message: `Rate limit of ${perMinute} requests per minute exceeded; retry in ${retry} s.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retry },
        }],
      });
      return;
    }
    next();
  };
}
