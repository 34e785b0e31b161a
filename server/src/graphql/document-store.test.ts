import { parse } from 'graphql';
import { DocumentStore } from './document-store';

describe('DocumentStore', () => {
  const doc = (q: string) => parse(q);

  it('returns what was stored, and nothing for an unknown key', async () => {
    const s = new DocumentStore();
    const d = doc('{ __typename }');
    await s.set('a', d);
    expect(await s.get('a')).toBe(d);
    expect(await s.get('b')).toBeUndefined();
  });

  it('drops the least recently used documents beyond its weight, never the one just read', async () => {
    const one = DocumentStore.weigh(doc('{ a }'));
    const s = new DocumentStore(3 * one);
    for (const k of ['x', 'y', 'z']) await s.set(k, doc('{ a }'));
    await s.get('x'); // x is now the most recently used
    await s.set('w', doc('{ a }'));
    expect(s.size).toBe(3);
    expect(await s.get('y')).toBeUndefined();
    expect(await s.get('x')).toBeDefined();
    expect(await s.get('w')).toBeDefined();
  });

  it('keeps one weight per key when a key is stored again, and skips a document heavier than the whole store', async () => {
    const one = DocumentStore.weigh(doc('{ a }'));
    const s = new DocumentStore(2 * one);
    await s.set('x', doc('{ a }'));
    await s.set('x', doc('{ a }'));
    await s.set('y', doc('{ a }'));
    expect(s.size).toBe(2);
    await s.set('big', doc(`{ ${'a '.repeat(100)}}`));
    expect(await s.get('big')).toBeUndefined();
    expect(s.size).toBe(2);
  });
});
