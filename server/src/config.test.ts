import { ConfigError, loadConfig } from './config';
import { modelEntries } from './engine/strategies/registry';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/x', ...env });

describe('AUTO settings', () => {
  it('AUTO_STRATEGY accepts BEST and every personalized strategy of the registry, in its API spelling', () => {
    expect(load({}).autoStrategy).toBe('BEST');
    const personalized = modelEntries()
      .filter((e) => e.personalized)
      .map((e) => e.apiName);
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

describe('online evaluation settings', () => {
  it('IMPRESSION_SAMPLE_RATE, IMPRESSION_RETENTION_DAYS, ATTRIBUTION_WINDOW_HOURS: defaults, ranges, messages naming them', () => {
    expect(load({})).toMatchObject({ impressionSampleRate: 1, impressionRetentionDays: 30, attributionWindowHours: 24 });
    expect(load({ IMPRESSION_SAMPLE_RATE: '0', IMPRESSION_RETENTION_DAYS: '7', ATTRIBUTION_WINDOW_HOURS: '0.5' })).toMatchObject({
      impressionSampleRate: 0,
      impressionRetentionDays: 7,
      attributionWindowHours: 0.5,
    });
    expect(() => load({ IMPRESSION_SAMPLE_RATE: '1.5' })).toThrow(/IMPRESSION_SAMPLE_RATE must be a number between 0 and 1, got "1.5"/);
    expect(() => load({ IMPRESSION_RETENTION_DAYS: '0' })).toThrow(/IMPRESSION_RETENTION_DAYS must be an integer between 1 and 3650/);
    expect(() => load({ ATTRIBUTION_WINDOW_HOURS: 'day' })).toThrow(/ATTRIBUTION_WINDOW_HOURS must be a number/);
  });
});
