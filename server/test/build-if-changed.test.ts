import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` skips a build only when the stamp vouches for it: same inputs, and outputs untouched
 * since that build (scripts/build-if-changed.js). Exercised on a scratch tree, not the checkout.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stamps = require('../../scripts/build-if-changed.js') as {
  isUpToDate(root: string, name: string): boolean;
  writeStamp(root: string, name: string): unknown;
};

describe('build stamps', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-stamp-'));
    write('client/src/main.tsx', 'export const a = 1;\n');
    write('client/index.html', '<div id="root"></div>\n');
    write('server/schema.graphql', 'type Query { a: Int }\n');
    write('package-lock.json', '{}\n');
    write('client/dist/index.html', 'built\n');
    write('server/src/main.ts', 'console.log(1);\n');
    write('server/dist/server/src/main.js', 'console.log(1);\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('no stamp: build; after a build: skip', () => {
    expect(stamps.isUpToDate(root, 'client')).toBe(false);
    stamps.writeStamp(root, 'client');
    expect(stamps.isUpToDate(root, 'client')).toBe(true);
  });

  it.each([
    ['a client source changes', 'client/src/main.tsx', 'export const a = 2;\n'],
    ['a client file is added', 'client/src/new.ts', 'export {};\n'],
    ['the server schema (codegen input) changes', 'server/schema.graphql', 'type Query { b: Int }\n'],
    ['the dependencies change', 'package-lock.json', '{"x":1}\n'],
    ['the output was rebuilt by another command', 'client/dist/index.html', 'built from something else\n'],
  ])('rebuilds the client when %s', (_what, rel, text) => {
    stamps.writeStamp(root, 'client');
    write(rel, text);
    expect(stamps.isUpToDate(root, 'client')).toBe(false);
  });

  it('a test file or a server-only change leaves the client build alone', () => {
    stamps.writeStamp(root, 'client');
    stamps.writeStamp(root, 'server');
    write('client/src/main.test.tsx', 'it("x", () => {});\n');
    write('server/src/main.ts', 'console.log(2);\n');
    expect(stamps.isUpToDate(root, 'client')).toBe(true);
    expect(stamps.isUpToDate(root, 'server')).toBe(false);
  });
});
