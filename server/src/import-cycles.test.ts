/**
 * Layers import one way: no cycle between files of server/src, and none between its top-level folders
 * (engine, data, training, services, graphql, http, cli; each root file such as config.ts is its own node). Every
 * relative import counts, `import type` included: a type-only cycle is still two layers that need each other.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[\s;(])import\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]|require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** the relative imports of a file, resolved to files under server/src */
export function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set<string>();
  for (const m of withoutComments.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
    if (target && target.startsWith(SRC + path.sep)) out.add(target);
  }
  return [...out];
}

/** one cycle of the graph (as a closed path of nodes), or null */
export function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 1);
    stack.push(n);
    for (const m of [...(graph.get(n) ?? [])].sort()) {
      if (state.get(m) === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of [...graph.keys()].sort()) {
    if (state.has(n)) continue;
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

const rel = (f: string) => path.relative(SRC, f);
/** a file's top-level folder; a root file (config.ts, main.ts, …) stands for itself */
const folderOf = (f: string) => rel(f).split(path.sep)[0];

describe('imports of server/src', () => {
  const files = sourceFiles(SRC);
  const fileGraph = new Map(files.map((f) => [f, new Set(importsOf(f))]));

  it('finds imports and cycles at all (the checker itself works)', () => {
    expect(fileGraph.get(path.join(SRC, 'server.ts'))!.size).toBeGreaterThan(3);
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toBeNull();
    expect(importsOf(path.join(SRC, 'x.ts'), `import type { A } from './config';\nexport { B } from "./logger";`).map(rel).sort()).toEqual(['config.ts', 'logger.ts']);
  });

  it('has no cycle between files', () => {
    const cycle = findCycle(fileGraph);
    expect(cycle?.map(rel).join(' → ') ?? 'none').toBe('none');
  });

  it('has no cycle between top-level folders', () => {
    const folders = new Map<string, Set<string>>();
    const via = new Map<string, string>();
    for (const [f, targets] of fileGraph) {
      for (const t of targets) {
        const [a, b] = [folderOf(f), folderOf(t)];
        if (a === b) continue;
        if (!folders.has(a)) folders.set(a, new Set());
        folders.get(a)!.add(b);
        via.set(`${a}→${b}`, `${rel(f)} imports ${rel(t)}`);
      }
    }
    const cycle = findCycle(folders);
    const explained =
      cycle &&
      cycle
        .slice(1)
        .map((b, i) => `${cycle[i]} → ${b} (${via.get(`${cycle[i]}→${b}`)})`)
        .join('; ');
    expect(explained ?? 'none').toBe('none');
  });
});
