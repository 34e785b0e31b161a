import type { Page } from 'playwright-core';

/** what axe reports of one rule that failed, as much as a failing test needs to say where */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

/** the impacts that fail a page (issue 16): axe's "moderate" and "minor" are reported, not fatal */
export const FATAL_IMPACTS = ['serious', 'critical'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core (from npm, injected as a script into the page: no browser extension, no download)
 * over the page as it is now, against WCAG 2.x A/AA and axe's best practices, and returns the
 * violations of serious or critical impact. Call it once the page shows what it is about.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async (tags) => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] };
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<Result> } };
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary ?? '' })) }));
  }, TAGS);
  // AXE_ALL=1 reports the moderate and minor ones too (to look at, not to fail on)
  return process.env.AXE_ALL ? violations : violations.filter((v) => v.impact !== null && FATAL_IMPACTS.includes(v.impact));
}

/** one line per failing element, for a test failure that says what to fix */
export function describeViolations(vs: AxeViolation[]): string[] {
  return vs.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.summary.replace(/\s+/g, ' ')}`));
}
