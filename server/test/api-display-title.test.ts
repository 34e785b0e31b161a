import type { Pool } from 'pg';
import { openPool } from './support/api-keys';
import { startTestServer, type TestServer } from './support/server';

/** Item.displayTitle over HTTP: catalogue-order titles said as people say them, other titles as stored. */
let ts: TestServer;
let pool: Pool;

beforeAll(async () => {
  ts = await startTestServer();
  pool = openPool(ts.db.url);
  await pool.query(
    `INSERT INTO items (external_id, title) VALUES
       ('esb', 'Empire Strikes Back, The'), ('amelie', 'Amelie (Fabuleux destin d''Amélie Poulain, Le)'), ('paris', 'Paris, Texas')`,
  );
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await ts?.close();
});

describe('Item.displayTitle', () => {
  it.each([
    ['esb', 'Empire Strikes Back, The', 'The Empire Strikes Back'],
    ['amelie', "Amelie (Fabuleux destin d'Amélie Poulain, Le)", "Amelie (Le Fabuleux destin d'Amélie Poulain)"],
    ['paris', 'Paris, Texas', 'Paris, Texas'],
  ])('item(%s) keeps the stored title and says it as people do', async (id, title, displayTitle) => {
    const res = await ts.gql(`query($id: ID!) { item(id: $id) { title displayTitle } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.item).toEqual({ title, displayTitle });
  });

  it('is on every list of items too', async () => {
    const res = await ts.gql(`{ items(search: "empire", first: 5) { edges { node { id displayTitle } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.items.edges.map((e: any) => e.node)).toEqual([{ id: 'esb', displayTitle: 'The Empire Strikes Back' }]);
  });
});
