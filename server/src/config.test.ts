import { ConfigError, loadConfig } from './config';
import { modelEntries } from './engine/strategies/registry';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/x', ...env });

describe('AUTO settings', () => {
  it('AUTO_STRATEGY accepts BEST and every personalized strategy of the registry, in its API spelling', () => {
    expect(load({}).autoStrategy).toBe('BEST');
    const personalized = modelEntries().filter((e) => e.personalized).map((e) => e.apiName);
    expect(personalized).toEqual(expect.arrayContaining(['ALS', 'ITEM_CF', 'SVD', 'USER_CF']));
    for (const s of personalized) expect(load({ AUTO_STRATEGY: s }).autoStrategy).toBe(s);
    for (const bad of ['POPULARITY', 'AUTO', 'magic']) {
      expect(() => load({ AUTO_STRATEGY: bad })).toThrow(new RegExp(`AUTO_STRATEGY must be one of BEST, ${personalized.join(', ')}, got "${bad}"`));
    }
  });

  it('AUTO_BUCKETS gives where the short and long history buckets begin', () => {
    expect(load({}).autoBuckets).toEqual({ shortFrom: 5, longFrom: 20 });
    expect(load({ AUTO_BUCKETS: ' 3, 50 ' }).autoBuckets).toEqual({ shortFrom: 3, longFrom: 50 });
    for (const bad of ['5', '20,5', '5,5', '0,5', 'a,b', '5,20,40', '-1,4']) {
      expect(() => load({ AUTO_BUCKETS: bad })).toThrow(ConfigError);
      expect(() => load({ AUTO_BUCKETS: bad })).toThrow(/AUTO_BUCKETS must be two increasing integers .*\(e\.g\. AUTO_BUCKETS=5,20\)/);
    }
  });

  it('MIN_INTERACTIONS is refused with the equivalent AUTO_BUCKETS', () => {
    expect(() => load({ MIN_INTERACTIONS: '8' })).toThrow(/MIN_INTERACTIONS was replaced by AUTO_BUCKETS: set AUTO_BUCKETS=8,20/);
  });
});
