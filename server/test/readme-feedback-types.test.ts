import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FEEDBACK_TYPES } from '../src/engine/dataset/feedback';

/** the README's table of default feedback types is DEFAULT_FEEDBACK_TYPES, row for row */
it("the README's feedback types table lists DEFAULT_FEEDBACK_TYPES", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Feedback types'));
  const rows = [...section.matchAll(/^\| `([a-z_]+)` \| ([\d.]+) \| ([A-Z]+) \|$/gm)].map((m) => ({ name: m[1], weight: Number(m[2]), polarity: m[3].toLowerCase() }));
  expect(rows).toEqual(DEFAULT_FEEDBACK_TYPES.map((t) => ({ ...t })));
});
