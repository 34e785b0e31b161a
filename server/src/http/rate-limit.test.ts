import { RateLimiter } from './rate-limit';

/** the limiter's local decisions (no store): sliding estimate across clock-minute windows */
describe('RateLimiter', () => {
  let now = 0;
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('a minute boundary does not reset a client: its last minute still counts', () => {
    const limiter = new RateLimiter(5);
    now = 10 * 60_000 - 100; // just before a boundary
    for (let i = 0; i < 5; i++) expect(limiter.hit('ip:a')).toBe(0);
    now += 200; // just after it: five requests 0.2 s ago
    expect(limiter.hit('ip:a')).toBeGreaterThan(0);
    expect(limiter.retryAfter('ip:a')).toBeGreaterThan(0);
    expect(limiter.hit('ip:b')).toBe(0); // another subject is unaffected
  });

  it('the previous minute weighs less as it slides out, and Retry-After says when a request fits again', () => {
    const limiter = new RateLimiter(10);
    now = 20 * 60_000;
    for (let i = 0; i < 10; i++) limiter.hit('key:k');
    // 11 in this minute: it must end (60 s) and slide until 11 × (1 − f) ≤ 9 (f ≥ 2/11: 10.9 s more)
    expect(limiter.hit('key:k')).toBe(71);
    now = 21 * 60_000 + 30_000; // half of the previous minute (11 hits) still covered: 5.5
    expect(limiter.retryAfter('key:k')).toBe(0);
    for (let i = 0; i < 4; i++) expect(limiter.hit('key:k')).toBe(0); // 9.5
    const wait = limiter.hit('key:k'); // 10.5 > 10
    expect(wait).toBeGreaterThan(0);
    now += wait * 1000;
    expect(limiter.retryAfter('key:k')).toBe(0);
  });

  it('a limit of 0 turns limiting off', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.hit('ip:a')).toBe(0);
  });
});
