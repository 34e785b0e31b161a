import fs from 'node:fs';
import path from 'node:path';

/**
 * One storage seam: SQL lives under server/src/data/ only. Training, services, GraphQL, HTTP and the
 * CLIs call repositories; a query written anywhere else fails here with the place to move it to.
 */
const SRC = path.resolve(__dirname, '..', 'src');
const SQL = /\.query(<[^>]*>)?\(|\b(SELECT|INSERT INTO|DELETE FROM|pg_notify|pg_advisory\w*)\b|\bUPDATE [a-z_]+ SET\b/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

it('has no SQL outside server/src/data/', () => {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel.startsWith('data/')) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (SQL.test(line)) found.push(`server/src/${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(found).toEqual([]); // move each into a repository under server/src/data/
});
