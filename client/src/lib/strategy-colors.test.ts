import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRATEGY_PALETTE, strategyColors } from './strategy-colors';

/** WCAG relative luminance and contrast ratio */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// the backgrounds strategies are drawn on, read from the stylesheet itself (light, then dark theme)
const css = readFileSync(join(__dirname, '../app/styles.css'), 'utf8');
const backgrounds = [...css.matchAll(/--(?:bg|surface): (#[0-9a-f]{6});/g)].map((m) => m[1]);

describe('strategy colours', () => {
  it('each has at least 3:1 contrast against every background of both themes', () => {
    expect(backgrounds).toHaveLength(4);
    for (const color of STRATEGY_PALETTE) for (const bg of backgrounds) expect([color, bg, contrast(color, bg) >= 3]).toEqual([color, bg, true]);
  });

  it('follow the server’s order: distinct for distinct strategies, the same for the same list', () => {
    const names = ['POPULARITY', 'USER_CF', 'ITEM_CF', 'SVD', 'ALS', 'FOO_BAR', 'AUTO'];
    const colors = strategyColors(names);
    expect(new Set(colors.values()).size).toBe(names.length);
    expect([...strategyColors([...names]).entries()]).toEqual([...colors.entries()]);
    expect(colors.get('FOO_BAR')).toBe(STRATEGY_PALETTE[5]);
  });
});
