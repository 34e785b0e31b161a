import { DatasetBuilder } from '../../dataset/dataset';
import { AlsStrategy } from '../als';
import { SvdStrategy } from '../svd';
import { seenFromDataset } from './factor-state';
import { modelOfTables, tablesOfArtifact } from './factor-tables';

function dataset() {
  const b = new DatasetBuilder();
  for (let u = 0; u < 30; u++) {
    for (let i = 0; i < 20; i++) {
      if ((u * 7 + i * 3) % 5 < 2) b.addRating(`u${u}`, `i${i}`, 1 + ((u + 2 * i) % 9) / 2);
      else if ((u + i) % 7 === 0) b.addEvent(`u${u}`, `i${i}`, 1);
    }
  }
  b.items.add('cold'); // an item without interactions
  return b.build();
}

describe.each([
  ['als', () => new AlsStrategy({ factors: 4, iterations: 3 })],
  ['svd', () => new SvdStrategy({ factors: 4, epochs: 5, rankingFactors: 3, rankingIterations: 2 })],
])('%s tables', (name, strategy) => {
  it('a model rebuilt from its tables scores, predicts and serializes as the original', async () => {
    const ds = dataset();
    const original = await strategy().fit(ds, { seed: 1 });
    const t = tablesOfArtifact(original.serialize());
    expect(t).toMatchObject({ strategy: name, k: 4, nUsers: ds.nUsers, nItems: ds.nItems });
    expect(t.head?.k ?? 0).toBe(name === 'svd' ? 3 : 0);
    const copy = modelOfTables(t, seenFromDataset(ds), { catalog: ds.nItems, minRating: ds.minRating, maxRating: ds.maxRating });
    for (let u = 0; u < ds.nUsers; u++) {
      expect(copy.canScore(u)).toBe(original.canScore(u));
      expect(copy.recommend({ user: u, k: 10 })).toEqual(original.recommend({ user: u, k: 10 }));
      for (let i = 0; i < ds.nItems; i++) expect(copy.predict?.(u, i)).toEqual(original.predict?.(u, i));
    }
    expect(tablesOfArtifact(copy.serialize())).toEqual(t);
  });

  it('items past the tables are in the catalog but never scored', async () => {
    const ds = dataset();
    const t = tablesOfArtifact((await strategy().fit(ds, { seed: 1 })).serialize());
    const copy = modelOfTables(t, seenFromDataset(ds), { catalog: ds.nItems + 5, minRating: 0.5, maxRating: 5 });
    expect(copy.nItems).toBe(ds.nItems + 5);
    for (let u = 0; u < ds.nUsers; u++) for (const s of copy.recommend({ user: u, k: 100 })) expect(s.item).toBeLessThan(ds.nItems);
  });
});

it('a popularity artifact has no tables', async () => {
  const { PopularityStrategy } = await import('../popularity');
  const m = await new PopularityStrategy().fit(dataset());
  expect(() => tablesOfArtifact(m.serialize())).toThrow('a popularity model has no factors to export; only ALS and SVD versions have');
});
