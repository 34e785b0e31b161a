/** Plain-text and markdown tables for CLI output: columns padded to their widest cell. */
export type Align = 'left' | 'right';

export function alignedTable(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const pad = (cell: string, c: number) => (align[c] === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]));
  const line = (r: string[]) =>
    r
      .map((cell, c) => pad(cell ?? '', c))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function markdownTable(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const pad = (cell: string, c: number) => (align[c] === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]));
  const line = (r: string[]) => `| ${r.map((cell, c) => pad(cell ?? '', c)).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (align[c] === 'right' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}

/** fixed decimals, or an em dash for a missing value */
export function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}
