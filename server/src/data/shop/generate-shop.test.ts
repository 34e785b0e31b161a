import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FEEDBACK_TYPES } from '../../engine/dataset/feedback';
import { readAll, readEvents, readFeedbackTypes, readItems, readUsers } from '../importers/generic/read-records';
import { declaredKinds, type EventRecord, type FeedbackTypeRecord, type ItemRecord, type UserRecord } from '../importers/generic/records';
import { generateShop, SHOP_KINDS, shopEvents } from './generate-shop';
import { writeShop } from './write-shop';

const tmp = mkdtempSync(join(tmpdir(), 'shop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const digest = (seed: number) => {
  const h = createHash('sha256');
  const shop = generateShop({ seed, users: 150, items: 120 });
  h.update(JSON.stringify([shop.items, shop.users]));
  for (const e of shopEvents(shop)) h.update(JSON.stringify(e));
  return h.digest('hex');
};

describe('generateShop', () => {
  it('is deterministic for a seed, and the seed matters', () => {
    expect(digest(3)).toBe(digest(3));
    expect(digest(3)).not.toBe(digest(4));
  });

  it('makes products with department and sub-category, attributes and a launch date; users with labels', () => {
    const shop = generateShop({ users: 50, items: 80 });
    expect(shop.items).toHaveLength(80);
    expect(shop.users).toHaveLength(50);
    expect(new Set(shop.items.map((i) => i.id)).size).toBe(80);
    expect(new Set(shop.items.map((i) => i.title)).size).toBe(80);
    for (const item of shop.items) {
      expect(item.categories).toHaveLength(2);
      expect(item.attributes).toEqual(expect.objectContaining({ brand: expect.any(String), price: expect.any(Number) }));
      expect(item.publishedAt).not.toBeNull();
    }
    const departments = new Set(shop.items.map((i) => i.categories[0]));
    expect(departments.size).toBeGreaterThanOrEqual(8);
    expect(departments.has('movies')).toBe(false);
    expect(shop.users.every((u) => u.labels.includes('mobile') || u.labels.includes('desktop'))).toBe(true);
  });

  it('logs a shop funnel: views ≫ clicks ≫ carts > purchases, some dislikes, in time order per user, after launch', () => {
    const shop = generateShop({ seed: 1, users: 400, items: 300 });
    const launch = new Map(shop.items.map((i) => [i.id, i.publishedAt!.seconds]));
    const count: Record<string, number> = {};
    let last = { user: '', t: -Infinity };
    const wrong: string[] = []; // checked by hand: one expect per event is slow under jest
    for (const e of shopEvents(shop)) {
      count[e.kind] = (count[e.kind] ?? 0) + 1;
      const t = e.timestamp!.seconds;
      if (!(SHOP_KINDS as readonly string[]).includes(e.kind)) wrong.push(`kind ${e.kind}`);
      if (e.userId === last.user && t < last.t) wrong.push(`${e.userId} out of order`);
      if (t < launch.get(e.itemId)!) wrong.push(`${e.itemId} seen before launch`);
      if (t < Date.UTC(2024, 0, 1) / 1000 || t >= Date.UTC(2025, 0, 2) / 1000) wrong.push(`${t} outside 2024`);
      last = { user: e.userId, t };
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    const rate = (a: string, b: string) => count[a] / count[b];
    expect(rate('click', 'view')).toBeGreaterThan(0.1);
    expect(rate('click', 'view')).toBeLessThan(0.35);
    expect(rate('add_to_cart', 'click')).toBeGreaterThan(0.08);
    expect(rate('add_to_cart', 'click')).toBeLessThan(0.3);
    expect(rate('purchase', 'add_to_cart')).toBeGreaterThan(0.3);
    expect(rate('purchase', 'add_to_cart')).toBeLessThan(0.7);
    expect(rate('dislike', 'view')).toBeGreaterThan(0.005);
    expect(rate('dislike', 'view')).toBeLessThan(0.05);
  });

  it.each(['csv', 'jsonl'] as const)('writes %s files the generic readers read back as the same records', async (format) => {
    const shop = generateShop({ seed: 2, users: 40, items: 60 });
    const dir = join(tmp, format);
    const written = await writeShop(shop, dir, format);
    expect(written.files.items).toBe(join(dir, `items.${format}`));

    const types = await readAll<FeedbackTypeRecord>((o) => readFeedbackTypes(written.files.feedbackTypes, o));
    expect(types.map(({ line: _, ...t }) => t)).toEqual(DEFAULT_FEEDBACK_TYPES.filter((t) => (SHOP_KINDS as readonly string[]).includes(t.name)));

    const items = await readAll<ItemRecord>((o) => readItems(written.files.items, o));
    expect(items.map(({ line: _, ...i }) => i)).toEqual(shop.items);

    const users = await readAll<UserRecord>((o) => readUsers(written.files.users, o));
    expect(users.map(({ line: _, ...u }) => u)).toEqual(shop.users);

    const events = await readAll<EventRecord>((o) => readEvents(written.files.events, declaredKinds(types), o));
    expect(events.map(({ line: _, ...e }) => e)).toEqual([...shopEvents(shop)]);
    expect(written.counts.events).toBe(events.length);
  });
});
