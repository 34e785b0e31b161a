import { wilsonInterval } from './wilson';

describe('wilsonInterval (95%)', () => {
  // the published 95% Wilson (score) intervals of Newcombe (1998), "Two-sided confidence intervals
  // for the single proportion", Statistics in Medicine 17, table II, method 3 (four decimals)
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i', (x, n, low, high) => {
    const w = wilsonInterval(x, n);
    expect(w.rate).toBeCloseTo(x / n, 12);
    expect(Math.abs(w.low - low)).toBeLessThan(0.00006);
    expect(Math.abs(w.high - high)).toBeLessThan(0.00006);
  });

  it('no trials: rate 0 and the whole of [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });
});
