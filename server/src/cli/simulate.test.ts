import { main, parseSimulateArgs } from './simulate';
import { buyChance, clickChance, examined, react } from './simulate/behaviour';
import { pickUsers } from './simulate/run';
import { createRng } from '../engine/util/random';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), env: {} } };
};

describe('simulate CLI', () => {
  it('bad usage exits 2 with the usage line', async () => {
    for (const argv of [[], ['--url', 'localhost:4000', '--key', 'k'], ['--url', 'http://x'], ['--url', 'http://x', '--key', 'k', '--users', '0'], ['--bogus']]) {
      const t = io();
      expect(await main(argv, t.io)).toBe(2);
      expect(t.err.join('')).toMatch(/usage: simulate --url URL --key KEY/);
    }
    const t = io();
    expect(await main(['--url', 'http://127.0.0.1:1', '--key', 'k', '--users', '5000'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/at most 1200/);
  });

  it('an unreachable server exits 1 saying so', async () => {
    const t = io();
    expect(await main(['--url', 'http://127.0.0.1:1', '--key', 'k', '--users', '2'], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/could not reach http:\/\/127\.0\.0\.1:1/);
  });

  it('defaults: 200 users, 5 sessions, seed 1, DEMO_SEED or 42', () => {
    expect(parseSimulateArgs(['--url', 'http://h', '--key', 'k'])).toMatchObject({ users: 200, sessions: 5, seed: 1, concurrency: 16, demoSeed: 42 });
    expect(parseSimulateArgs(['--url', 'http://h', '--key', 'k'], { DEMO_SEED: '7' }).demoSeed).toBe(7);
  });
});

describe('simulated users', () => {
  it('examine the top more than the bottom, click and buy what they like more', () => {
    expect(examined(1)).toBe(1);
    expect(examined(10)).toBeCloseTo(10 ** -0.7, 12);
    expect(clickChance(4.5)).toBeGreaterThan(clickChance(3));
    expect(clickChance(3.75)).toBeCloseTo(0.5, 12);
    expect(buyChance(4.25)).toBeCloseTo(0.5, 12);
    expect(buyChance(4)).toBeLessThan(clickChance(4));
  });

  it('react the same way for the same generator state; a buy is always a click', () => {
    const ratings = [4.8, 4.5, 2, 3.9, 5, 1, 4.2, 3.5, 4.9, 4.4];
    const a = react(ratings, createRng(5));
    expect(react(ratings, createRng(5))).toEqual(a);
    for (const b of a.buys) expect(a.clicks).toContain(b);
    // over many lists, liked items high in the list are clicked most
    const counts = new Array(10).fill(0);
    const rng = createRng(9);
    for (let n = 0; n < 5000; n++) for (const p of react(new Array(10).fill(4.5), rng).clicks) counts[p - 1]++;
    expect(counts[0]).toBeGreaterThan(counts[4]);
    expect(counts[4]).toBeGreaterThan(counts[9]);
  });

  it('are distinct demo users chosen by the seed', () => {
    const a = pickUsers(1200, 300, 1);
    expect(new Set(a).size).toBe(300);
    expect(a.every((u) => u >= 0 && u < 1200)).toBe(true);
    expect(pickUsers(1200, 300, 1)).toEqual(a);
    expect(pickUsers(1200, 300, 2)).not.toEqual(a);
  });
});
