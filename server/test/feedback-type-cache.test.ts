/**
 * The per-replica cache of declared feedback types (services/feedback-type.service.ts) on a real
 * database, two "replicas" being two services over two data sources: a kind declared on one is
 * accepted by the other before any notification could tell it (a cache miss re-reads the table),
 * and the notification makes the other forget its cache.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/data/data-source';
import { Notifier } from '../src/data/notifier';
import { FeedbackTypeRepository } from '../src/data/repositories/feedback-type.repository';
import { createQuietLogger } from '../src/logger';
import { FeedbackTypeService } from '../src/services/feedback-type.service';
import { createTestDatabase, type TestDatabase } from './support/db';

let db: TestDatabase;
let otherDs: DataSource;
let notifier: Notifier;
let writer: FeedbackTypeService;

beforeAll(async () => {
  db = await createTestDatabase();
  otherDs = await createDataSource(db.url, { poolSize: 2 }).initialize();
  notifier = new Notifier(db.url, createQuietLogger());
  await notifier.start();
  writer = new FeedbackTypeService(new FeedbackTypeRepository(db.dataSource));
});

afterAll(async () => {
  await notifier?.stop();
  await otherDs?.destroy();
  await db?.drop();
});

const poll = async <T>(fn: () => T, ok: (v: T) => boolean, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
};

it("a kind declared on another replica is accepted though this one's cache predates it (no notification needed)", async () => {
  const deaf = new FeedbackTypeService(new FeedbackTypeRepository(otherDs)); // listens to nothing
  expect((await deaf.declaredNames(['view'])).has('view')).toBe(true);
  expect(deaf.cachedNames?.has('view')).toBe(true);

  await writer.set({ name: 'gift_wrap', weight: 1, polarity: 'positive' });
  expect(deaf.cachedNames?.has('gift_wrap')).toBe(false); // still the old cache
  expect((await deaf.declaredNames(['gift_wrap'])).has('gift_wrap')).toBe(true);
  expect(deaf.cachedNames?.has('gift_wrap')).toBe(true);
  // an undeclared kind is answered from a fresh read too, and stays undeclared
  expect((await deaf.declaredNames(['no_such_kind'])).has('no_such_kind')).toBe(false);
});

it('a change on another replica makes this one forget its cache, through a PostgreSQL notification', async () => {
  const listening = new FeedbackTypeService(new FeedbackTypeRepository(otherDs));
  listening.listen(notifier);
  await listening.declaredNames(['view']);
  expect(listening.cachedNames).not.toBeNull();
  await writer.set({ name: 'view', weight: 0.75, polarity: 'positive' });
  expect(
    await poll(
      () => listening.cachedNames,
      (c) => c === null,
    ),
  ).toBeNull();
  const listed = await listening.list();
  expect(listed.find((t) => t.name === 'view')).toMatchObject({ weight: 0.75, polarity: 'positive' });
});
