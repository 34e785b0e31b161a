import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShop } from '../data/shop/generate-shop';
import { writeShop, type WrittenShop } from '../data/shop/write-shop';
import { main, type EvalReport } from './eval';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'eval-generic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('eval CLI on the generic format', () => {
  let shop: WrittenShop;
  beforeAll(async () => {
    shop = await writeShop(generateShop({ seed: 11, users: 400, items: 250 }), join(tmp, 'shop'));
  });

  it('on the shop, every personalized strategy it runs beats popularity on NDCG@10', async () => {
    const { code, stdout, stderr } = await run([
      '--items',
      shop.files.items,
      '--events',
      shop.files.events,
      '--feedback-types',
      shop.files.feedbackTypes,
      '--strategies',
      'popularity,itemcf,usercf,als',
      '--folds',
      '3',
      '--json',
    ]);
    expect(stderr).toMatch(/reading events\.csv… 100%/);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as EvalReport;
    expect(report.dataset.items).toBe(250);
    expect(report.dataset.users).toBe(400);
    const ndcg = Object.fromEntries(report.results.map((r) => [r.strategy, r.ndcgAtK]));
    console.log(`shop NDCG@10 (400 users, 250 products, 3 folds): ${JSON.stringify(ndcg)}`);
    for (const s of ['itemcf', 'usercf', 'als']) expect(ndcg[s]).toBeGreaterThan(ndcg.popularity! * 1.2);
  });

  it('reads JSON Lines and --map too', async () => {
    const dir = join(tmp, 'mapped');
    mkdirSync(dir);
    writeFileSync(join(dir, 'products.jsonl'), ['{"sku":"a","name":"A"}', '{"sku":"b","name":"B"}', '{"sku":"c","name":"C"}'].join('\n'));
    writeFileSync(
      join(dir, 'log.jsonl'),
      [
        '{"customer":"u1","sku":"a","event":"purchase"}',
        '{"customer":"u1","sku":"b","event":"view"}',
        '{"customer":"u2","sku":"a","event":"purchase"}',
        '{"customer":"u2","sku":"c","event":"dislike"}',
        '{"customer":"u3","sku":"b","event":"rating","value":4}',
        '{"customer":"u3","sku":"c","event":"wish"}',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'types.csv'), 'name,weight,polarity\nwish,1,neutral\n');
    const argv = (nameMap: string) => [
      '--items',
      join(dir, 'products.jsonl'),
      '--events',
      join(dir, 'log.jsonl'),
      '--feedback-types',
      join(dir, 'types.csv'),
      '--map',
      'items:sku=id',
      '--map',
      nameMap,
      '--map',
      'events:sku=item_id',
      '--map',
      'customer=user_id',
      '--map',
      'event=kind',
      '--strategies',
      'popularity',
      '--folds',
      '2',
      '--json',
    ];
    // unscoped, name=title would rename the feedback types' own "name" column too
    const unscoped = await run(argv('name=title'));
    expect(unscoped.code).toBe(2);
    expect(unscoped.stderr).toBe(
      'eval: types.csv:1:1 column "name" is renamed to "title" (--map name=title), which feedback-types do not have ' +
        '(name, weight, polarity, conversion); limit the map to the file it is meant for, e.g. --map items:name=title\n',
    );
    const { code, stdout, stderr } = await run(argv('items:name=title'));
    expect(stderr).toContain('1 of 6 events are of neutral feedback types: counted, not learned from');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as EvalReport).dataset).toEqual({ users: 3, items: 3, interactions: 5 });
  });

  it('exits 2 naming file, line and column of a bad line', async () => {
    const events = join(tmp, 'events.csv');
    writeFileSync(events, 'user_id,item_id,kind,value\nu1,p1,view,1\nu1,p2,purchase,lots\n');
    const { code, stdout, stderr } = await run(['--events', events]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('eval: events.csv:3:4 value: "lots" is not a number\n');
  });

  it.each([
    [['--items', 'x.csv'], /--events FILE is required/],
    [['--data', 'd', '--events', 'e.csv'], /either --data DIR .* or --events FILE/],
    [['--events', 'e.csv', '--map', 'nothing'], /--map "nothing" needs the form SOURCE=TARGET/],
    [[], /--data DIR \(a MovieLens folder\) or --events FILE/],
  ])('exits 2 for bad flags %j', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
