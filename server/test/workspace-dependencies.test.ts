/**
 * Every package a workspace imports is declared in that workspace's package.json, and every runtime
 * dependency it declares is imported somewhere in it. Hoisting in the root node_modules makes an
 * undeclared import work by accident (typeorm in migrations/ did) until the tree is laid out another
 * way; an unused dependency (graphql-type-json was) is weight and audit noise.
 * Reads the sources only: import/export … from, import '…', require(…), require.resolve(…) and import(…) specifiers.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const SOURCE = /\.(c|m)?[jt]sx?$/;
// (the keyword not inside a string: `mode: 'import'` is no import; a side-effect `import '…'` starts
// its line, so the import's in a test's name is none either)
const SPECIFIER =
  /(?:^|[^.\w$'"`])(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|(?:^|[^.\w$'"`])(?:require(?:\.resolve)?|import)\s*\(\s*['"]([^'"]+)['"]\s*[,)]/g;

/**
 * Declared though not imported today: ml-matrix is part of the project's fixed stack for dense linear
 * algebra where it fits (the taste map's PCA of item factors is its next use); keeping it declared keeps
 * the pinned, known-good version in the lock file.
 */
const KEPT_UNUSED: Record<string, string[]> = { server: ['ml-matrix'] };

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : SOURCE.test(e.name) ? [p] : [];
  });
}

const workspaces = manifest('.').workspaces ?? [];
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2) : spec.split('/').slice(0, 1)).join('/');

/** package name → first file importing it; relative imports into another workspace count as that workspace's package */
function imports(ws: string): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of sources(path.join(root, ws))) {
    // without block comments and whole-line comments (which may quote an import)
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3];
      let name: string;
      if (spec.startsWith('.')) {
        const top = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (top === ws || !workspaces.includes(top)) continue;
        name = manifest(top).name;
      } else {
        if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue;
        name = packageOf(spec);
      }
      if (!used.has(name)) used.set(name, path.relative(root, file));
    }
  }
  return used;
}

test('the root lists the workspaces, migrations/ among them', () => {
  expect(workspaces).toEqual(expect.arrayContaining(['server', 'client', 'migrations']));
});

describe.each(workspaces)('workspace %s', (ws) => {
  const pkg = manifest(ws);
  const used = imports(ws);

  test('declares every package it imports', () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
    const missing = [...used].filter(([name]) => !declared.has(name)).map(([name, file]) => `${name} (imported by ${file})`);
    expect(missing).toEqual([]);
  });

  test('imports every runtime dependency it declares', () => {
    const kept = new Set(KEPT_UNUSED[ws] ?? []);
    expect(Object.keys(pkg.dependencies ?? {}).filter((name) => !used.has(name) && !kept.has(name))).toEqual([]);
  });
});
