import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { baseUrl, DOCS_SCREENSHOT_DIR, openBrowser, SCREENSHOT_DIR, screenshot, type Session } from './support/browser';

/**
 * `npm test` leaves the tree clean: the screenshot helper every e2e test uses writes to a
 * git-ignored folder, never over the README's pictures (only `npm run screenshots` does that).
 */
const hashes = (dir: string) =>
  Object.fromEntries(
    (fs.existsSync(dir) ? fs.readdirSync(dir) : []).map((f) => [
      f,
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );

// under `npm run screenshots` the helper writes to docs/screenshots on purpose
(process.env.E2E_SCREENSHOT_DIR ? describe.skip : describe)('test screenshots', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('go to a git-ignored folder and leave docs/screenshots untouched', async () => {
    const before = hashes(DOCS_SCREENSHOT_DIR);
    const probe = path.join(SCREENSHOT_DIR, 'tree-clean-probe.png');
    fs.rmSync(probe, { force: true });
    await s.page.goto(`${baseUrl()}/api`);
    await screenshot(s.page, 'tree-clean-probe', false);
    expect(fs.statSync(probe).size).toBeGreaterThan(0);
    // exit status 0: git ignores the file, so `git status` stays clean
    execFileSync('git', ['check-ignore', '-q', probe], { cwd: path.dirname(probe) });
    expect(hashes(DOCS_SCREENSHOT_DIR)).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThan(0);
  });
});
