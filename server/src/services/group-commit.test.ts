import { GroupCommitter, settle, type GroupUnit } from './group-commit';

interface Unit extends GroupUnit {
  name: string;
}
const unit = (name: string, keys: string[] = [], size = 1): Unit => ({ name, conflictKeys: keys, size });

/** a committer that records each group and answers each unit with its name (or fails those named "bad") */
function recording(options = { waitMs: 0, maxSize: 100 }) {
  const groups: string[][] = [];
  const c = new GroupCommitter<Unit, string>(async (units) => {
    groups.push(units.map((u) => u.name));
    await new Promise((r) => setImmediate(r));
    return units.map((u) => (u.name.startsWith('bad') ? { ok: false as const, error: `refused ${u.name}` } : { ok: true as const, value: u.name }));
  }, options);
  return { c, groups };
}

describe('GroupCommitter', () => {
  it('commits what arrives together as one group, and what arrives while it commits as the next', async () => {
    const { c, groups } = recording();
    const first = ['a', 'b', 'c'].map((n) => c.submit(unit(n)));
    await new Promise((r) => setImmediate(r)); // the first group is committing
    const second = ['d', 'e'].map((n) => c.submit(unit(n)));
    expect(await Promise.all([...first, ...second])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(groups).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(c.stats).toEqual({ groups: 2, units: 5 });
  });

  it('keeps writes of the same row apart, in arrival order; others join the group', async () => {
    const { c, groups } = recording();
    await Promise.all([c.submit(unit('r1', ['k'])), c.submit(unit('x', ['y'])), c.submit(unit('r2', ['k'])), c.submit(unit('r3', ['k', 'z']))]);
    expect(groups).toEqual([['r1', 'x'], ['r2'], ['r3']]);
  });

  it('closes a group at maxSize; a larger unit goes alone', async () => {
    const { c, groups } = recording({ waitMs: 0, maxSize: 3 });
    await Promise.all([c.submit(unit('a', [], 2)), c.submit(unit('b', [], 2)), c.submit(unit('big', [], 5)), c.submit(unit('c', [], 1))]);
    expect(groups).toEqual([['a', 'c'], ['b'], ['big']]);
  });

  it('fails only the units the commit fails, with whatever was thrown, Error or not', async () => {
    const { c } = recording();
    const out = await Promise.all(['ok1', 'bad1', 'ok2'].map((n) => settle(c.submit(unit(n)))));
    expect(out).toEqual([
      { ok: true, value: 'ok1' },
      { ok: false, error: 'refused bad1' },
      { ok: true, value: 'ok2' },
    ]);
  });

  it('a commit that throws fails every unit of its group, and the next group still runs', async () => {
    let calls = 0;
    const c = new GroupCommitter<Unit, string>(
      async (units) => {
        if (calls++ === 0) throw new Error('database gone');
        return units.map((u) => ({ ok: true as const, value: u.name }));
      },
      { waitMs: 0, maxSize: 10 },
    );
    const failed = await Promise.all([settle(c.submit(unit('a'))), settle(c.submit(unit('b')))]);
    expect(failed.map((o) => o.ok)).toEqual([false, false]);
    expect(await c.submit(unit('c'))).toBe('c');
  });

  it('an idle committer waits waitMs for company', async () => {
    const { c, groups } = recording({ waitMs: 30, maxSize: 100 });
    const a = c.submit(unit('a'));
    await new Promise((r) => setTimeout(r, 1));
    const b = c.submit(unit('b'));
    await Promise.all([a, b]);
    expect(groups).toEqual([['a', 'b']]);
  });
});
