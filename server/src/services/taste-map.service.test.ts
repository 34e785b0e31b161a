import type { FactorSpace, Model } from '../engine/types';
import { Vocabulary } from '../engine/dataset/vocabulary';
import type { RecommendationService } from './recommendation.service';
import type { Repositories } from './repositories';
import { ServedModel } from './serving-state';
import { TasteMapService } from './taste-map.service';

/** The service's bookkeeping without a database: the item part is computed once per served version. */
const K = 2;
const ITEMS = Float32Array.from([1, 0, 0, 1, -1, 0, 0, -1, 2, 2]); // 5 items
const COUNTS = Int32Array.from([5, 1, 4, 2, 3]);

function model(userVector: number[], counter: { calls: number }): Model {
  const space: FactorSpace = {
    k: K,
    itemVectors: () => {
      counter.calls++;
      return ITEMS;
    },
    userVector: (u) => (u === 0 ? Float32Array.from(userVector) : null),
    itemInteractions: () => COUNTS,
  };
  return { strategy: 'svd', params: {}, nUsers: 1, nItems: 5, factorSpace: space } as unknown as Model;
}

function served(version: string, m: Model): ServedModel {
  const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
  return new ServedModel('SVD', version, m, {
    users: new Vocabulary(['u1']),
    items: new Vocabulary(['i0', 'i1', 'i2', 'i3', 'i4']),
    itemKeys: keys,
    titles: keys,
    genres: keys.map(() => []),
  });
}

function setup() {
  const current: { served?: ServedModel } = {};
  const recommendations = {
    get: (s: string) => (s === 'SVD' ? current.served : undefined),
    recommend: async () => [{ itemKey: 'k4', score: 1, strategy: 'SVD', reasons: [] }],
  } as unknown as RecommendationService;
  // the database returns a history in no particular order: here, a different one each time
  let calls = 0;
  const history = ['k3', 'k1', 'gone', 'k0'].map((itemKey) => ({ itemKey, kind: 'rating', value: 4, typeWeight: null, polarity: null }));
  const repos = { users: { interactedItems: async () => (calls++ % 2 ? [...history].reverse() : history) } } as unknown as Repositories;
  return { current, service: new TasteMapService(recommendations, repos) };
}

const user = { key: '10', id: 'u1', createdAt: new Date() };

describe('TasteMapService', () => {
  it('computes the item part once per version; a fold-in moves only the user; a new version recomputes', async () => {
    const { current, service } = setup();
    const counter = { calls: 0 };
    current.served = served('7', model([1, 0], counter));
    const a = await service.map('SVD', user as never, 1);
    const b = await service.map('SVD', user as never, 1);
    expect(counter.calls).toBe(1);
    expect(b).toEqual(a);
    // the most interactions first (k0), then the rated k1, k3 and the recommended k4 added and flagged;
    // an item unknown to the version ('gone') has no place; the order does not follow the history's
    expect(a.items.map((p) => [p.itemKey, p.rated, p.recommended])).toEqual([
      ['k0', true, false],
      ['k1', true, false],
      ['k3', true, false],
      ['k4', false, true],
    ]);

    // fold-in: the serving code swaps in a new model object for the same version
    current.served.model = model([0, 3], counter);
    const c = await service.map('SVD', user as never, 1);
    expect(counter.calls).toBe(1);
    expect(c.items).toEqual(a.items);
    expect(c.user).not.toEqual(a.user);

    current.served = served('8', model([1, 0], counter));
    const d = await service.map('SVD', user as never, 1);
    expect(counter.calls).toBe(2);
    expect(d.modelVersionId).toBe('8');
  });
});
