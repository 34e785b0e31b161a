/**
 * Each strategy's colour, from the server's list alone: the i-th strategy Query.strategies names gets
 * the i-th colour. The server's order is the registry's (AUTO last), so a colour is the same on every
 * page and every reload, and a strategy the client has never heard of gets one of its own.
 *
 * Every colour has at least 3:1 contrast (WCAG 1.4.11, graphical objects) against the light and the
 * dark theme's background and surface (strategy-colors.test.ts checks it), so one palette serves both.
 * Colour never carries meaning alone: every swatch sits next to the strategy's name.
 */
export const STRATEGY_PALETTE = ['#0072b2', '#d55e00', '#009e73', '#8a63d2', '#b07800', '#c0497a', '#7a8b2a', '#6c757d'] as const;

/** name → colour for names in the server's order (past the palette's end, colours repeat). */
export function strategyColors(names: readonly string[]): Map<string, string> {
  return new Map(names.map((name, i) => [name, STRATEGY_PALETTE[i % STRATEGY_PALETTE.length]]));
}

/** for a name the server did not list (an old version of a since-removed strategy) */
export const UNLISTED_COLOR = '#6c757d';
