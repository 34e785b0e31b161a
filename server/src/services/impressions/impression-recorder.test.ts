import type { NewImpression } from '../../data/repositories/impression.repository';
import { ImpressionRecorder } from './impression-recorder';
import { isSampled } from './sampling';
import { randomUUID } from 'node:crypto';

const row = (id: string): NewImpression => ({ id, userId: 'u', strategy: 'svd', modelVersionId: '1', experimentId: null, arm: null, itemKeys: ['1', '2'], createdAt: new Date() });

describe('ImpressionRecorder', () => {
  it('writes a full batch at once in one call, the rest after flushMs, in order', async () => {
    const batches: string[][] = [];
    let wrote!: () => void;
    const second = new Promise<void>((r) => (wrote = r));
    const rec = new ImpressionRecorder(
      async (rows) => {
        batches.push(rows.map((r) => r.id));
        if (batches.length === 2) wrote();
      },
      { flushMs: 5, maxRows: 3, maxPending: 100 },
    );
    for (const id of ['a', 'b', 'c', 'd']) rec.add(row(id));
    await second; // the timer's flush: no fixed sleep, the write itself is awaited
    await rec.flush(); // and the bookkeeping after it
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
    expect(rec.stats).toMatchObject({ written: 4, batches: 2, dropped: 0 });
  });

  it('settle waits for buffered ids only; stop writes what is left', async () => {
    const written: string[] = [];
    const rec = new ImpressionRecorder(async (rows) => void written.push(...rows.map((r) => r.id)), { flushMs: 60_000, maxRows: 100, maxPending: 100 });
    rec.add(row('x'));
    await rec.settle(['unrelated']);
    expect(written).toEqual([]);
    await rec.settle(['x']);
    expect(written).toEqual(['x']);
    rec.add(row('y'));
    await rec.stop();
    expect(written).toEqual(['x', 'y']);
  });

  it('a failed write drops its batch (counted and reported), never throws to the caller; a full buffer drops new lists', async () => {
    const errors: number[] = [];
    const rec = new ImpressionRecorder(
      async () => {
        throw new Error('database down');
      },
      { flushMs: 60_000, maxRows: 10, maxPending: 2 },
      (_err, rows) => errors.push(rows),
    );
    rec.add(row('a'));
    rec.add(row('b'));
    rec.add(row('c')); // beyond maxPending
    await expect(rec.settle(['a'])).resolves.toBeUndefined();
    expect(errors).toEqual([2]);
    expect(rec.stats).toMatchObject({ written: 0, dropped: 3 });
  });
});

describe('isSampled', () => {
  it('is decided by the id: the same answer every time, rate 0 none, rate 1 all, 0.3 about 30%', () => {
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    expect(ids.every((id) => isSampled(id, 1))).toBe(true);
    expect(ids.some((id) => isSampled(id, 0))).toBe(false);
    const kept = ids.filter((id) => isSampled(id, 0.3));
    expect(Math.abs(kept.length / ids.length - 0.3)).toBeLessThan(0.02);
    expect(kept.every((id) => isSampled(id, 0.3))).toBe(true);
  });
});
