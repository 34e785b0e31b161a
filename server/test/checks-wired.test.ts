// `npm test` must refuse to run the suites on a tree that is mis-formatted, mistyped or lint-failing
// (issue 16): pretest runs scripts/check.js, whose steps are these; ESLint's config keeps the
// promise rules on for sources and tests alike.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS script under test
const { STEPS } = require(path.join(ROOT, 'scripts', 'check.js')) as { STEPS: { name: string; args: string[] }[][] };

describe('npm test runs the checks first', () => {
  it('pretest runs scripts/check.js before the build and the suites', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.pretest).toMatch(/^node scripts\/check\.js && /);
    expect(scripts.test).toBe('jest');
  });

  it('checks format, both workspaces’ types and lint', () => {
    const commands = STEPS.flat().map((s) => s.args.map((a) => (path.isAbsolute(a) ? path.relative(ROOT, a) : a)).join(' '));
    expect(commands).toEqual([
      expect.stringMatching(/prettier.* --check .*\.$/),
      expect.stringMatching(/tsc -p server\/tsconfig\.check\.json$/),
      expect.stringMatching(/tsc -p client\/tsconfig\.json --noEmit$/),
      expect.stringMatching(/eslint.* \.$/),
    ]);
    // the server's typecheck covers its tests too
    const tsconfig = fs.readFileSync(path.join(ROOT, 'server', 'tsconfig.check.json'), 'utf8');
    expect(tsconfig).toContain('"test/**/*.ts"');
  });

  it('ESLint errors on floating and misused promises in server, client and test files', () => {
    for (const file of ['server/src/main.ts', 'server/test/lifecycle.test.ts', 'client/src/app/app.tsx']) {
      // ESLint's config is an ES module, which jest's CommonJS runtime cannot import: ask the CLI
      const printed = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--print-config', file], { cwd: ROOT, encoding: 'utf8' });
      const { rules } = JSON.parse(printed) as { rules: Record<string, unknown[]> };
      expect([file, rules['@typescript-eslint/no-floating-promises'][0]]).toEqual([file, 2]);
      expect([file, rules['@typescript-eslint/no-misused-promises'][0]]).toEqual([file, 2]);
    }
  });
});
