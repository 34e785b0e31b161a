import fs from 'node:fs';
import path from 'node:path';
import { render, screen, within } from '@testing-library/react';
import { buildSchema, parse, validate } from 'graphql';
import { ApiPage } from './api-page';
import { ERROR_CODES } from './error-codes';
import { EXAMPLES } from './examples';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** the codes format-error.ts lets through to clients, plus the one it answers for everything else */
function serverCodes(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'server', 'src', 'graphql', 'format-error.ts'), 'utf8');
  const list = /CLIENT_CODES = new Set\(\[([\s\S]*?)\]\)/.exec(source)?.[1] ?? '';
  return [...[...list.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]), 'INTERNAL_SERVER_ERROR'].sort();
}

/** the first column of the README's error table (### Errors) */
function readmeCodes(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Errors'), readme.indexOf('\n### ', readme.indexOf('### Errors') + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)`/gm)].flatMap((m) => m[1]).sort();
}

describe('API page', () => {
  it('shows only examples the committed schema accepts', () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'server', 'schema.graphql'), 'utf8'));
    for (const e of EXAMPLES) expect([e.title, validate(schema, parse(e.body)).map((x) => x.message)]).toEqual([e.title, []]);
  });

  it('shows curl against the origin the page was loaded from, not a guessed host', () => {
    render(<ApiPage />);
    const curl = screen.getByTestId('curl-example').textContent ?? '';
    expect(curl).toContain(`curl -s ${window.location.origin}/graphql `);
    expect(curl).not.toContain('127.0.0.1:4000');
  });

  it('lists every error code the server can answer', () => {
    render(<ApiPage />);
    const rows = within(screen.getByRole('table', { name: 'Error codes' }))
      .getAllByRole('row')
      .slice(1);
    const shown = rows.map((r) => within(r).getByRole('rowheader').textContent).sort();
    expect(serverCodes().length).toBeGreaterThan(10);
    expect(shown).toEqual(serverCodes());
    for (const row of rows) expect(within(row).getByRole('cell').textContent!.length).toBeGreaterThan(20);
  });

  it('the README’s error table lists the same codes', () => {
    expect(readmeCodes()).toEqual(ERROR_CODES.map((e) => e.code).sort());
  });

  it('describes the IDE that is served (GraphiQL, offline), not Apollo Sandbox', () => {
    const { container } = render(<ApiPage />);
    expect(container.textContent).toContain('GraphiQL');
    expect(container.textContent).not.toMatch(/Sandbox/);
    expect(screen.getByRole('link', { name: '/graphql' })).toHaveAttribute('href', '/graphql');
  });
});
