/**
 * Adding a strategy is its engine file, one registry entry and its tests: a throwaway strategy,
 * registered here and nowhere else, shows up in the GraphQL schema, in Query.strategies, in AUTO's
 * candidates and in the eval CLI's name parsing and output.
 */
import 'reflect-metadata';
import { execute, parse, printSchema, validate } from 'graphql';
import { runEvaluation } from './cli/eval';
import { parseEvalArgs } from './cli/eval-args';
import { DatasetBuilder, type Dataset } from './engine/dataset/dataset';
import { readParams, type ParamSpec } from './engine/strategies/params';
import { PopularityStrategy } from './engine/strategies/popularity';
import { createStrategy, deserializeModel, modelEntries, registerStrategy } from './engine/strategies/registry';
import type { FitOptions, Model, Strategy } from './engine/types';
import { createSchema } from './graphql/schema';

const PARAMS: readonly ParamSpec[] = [{ name: 'boost', kind: 'integer', min: 0, max: 9, default: 3, description: 'how much to boost' }];

/** popularity under another name: enough to be a strategy of its own */
class ThrowawayStrategy implements Strategy<{ boost: number }> {
  readonly name = 'throwaway';
  readonly params: Readonly<{ boost: number }>;
  constructor(p: Record<string, unknown> = {}) {
    this.params = readParams('throwaway', PARAMS, p);
  }
  async fit(d: Dataset, o?: FitOptions): Promise<Model> {
    return renamed(await new PopularityStrategy().fit(d, o));
  }
}
const renamed = (m: Model): Model => Object.assign(Object.create(m), { strategy: 'throwaway' });

registerStrategy({
  name: 'throwaway',
  apiName: 'THROW_AWAY',
  description: 'A strategy that exists only in this test.',
  predictsRatings: false,
  ranks: true,
  personalized: true,
  params: PARAMS,
  create: (p) => new ThrowawayStrategy(p),
  deserialize: (b) => renamed(deserializeModel(b)),
});

function tinyDataset(): Dataset {
  const b = new DatasetBuilder();
  for (let u = 0; u < 20; u++) for (let j = 0; j < 8; j++) b.addRating(`u${u}`, `i${(u * 3 + j * 5) % 30}`, 1 + ((u + j) % 5));
  return b.build();
}

describe('a strategy registered in one place', () => {
  it('is a value of the GraphQL Strategy enum, with its description', async () => {
    const schema = await createSchema();
    const sdl = printSchema(schema);
    expect(sdl).toMatch(/"""A strategy that exists only in this test\."""\s+THROW_AWAY/);
    expect(validate(schema, parse('{ recommendations(userId: "1", strategy: THROW_AWAY) { score } }'))).toEqual([]);
  });

  it('is listed by Query.strategies with its parameters, before AUTO', async () => {
    const schema = await createSchema();
    const res = await execute({ schema, document: parse('{ strategies { name description trainable params { name min max default } } }'), contextValue: {} });
    expect(res.errors).toBeUndefined();
    const list = (res.data as { strategies: { name: string; trainable: boolean; params: unknown[] }[] }).strategies;
    const mine = list.find((s) => s.name === 'THROW_AWAY');
    expect(mine).toEqual({
      name: 'THROW_AWAY',
      description: 'A strategy that exists only in this test.',
      trainable: true,
      params: [{ name: 'boost', min: 0, max: 9, default: 3 }],
    });
    expect(list.at(-1)!.name).toBe('AUTO');
  });

  it("validates its parameters from the declared table and is one of AUTO's candidates", () => {
    expect(() => createStrategy('THROW_AWAY', { boost: 10 })).toThrow(/'boost' must be an integer in \[0, 9\]/);
    expect(modelEntries().map((e) => e.apiName)).toContain('THROW_AWAY');
  });

  it('is parsed and evaluated by the eval CLI under any spelling', async () => {
    const args = parseEvalArgs(['--data', 'unused', '--strategies', 'Throw_Away,popularity', '--folds', '2', '--k', '5']);
    expect(args.strategies).toEqual(['throwaway', 'popularity']);
    expect(parseEvalArgs(['--data', 'unused']).strategies).toContain('throwaway');
    const report = await runEvaluation(tinyDataset(), args, { stdout: () => undefined, stderr: () => undefined });
    expect(report.results.map((r) => r.strategy)).toEqual(['throwaway', 'popularity']);
    // it is popularity underneath: the same figures
    expect(report.results[0].ndcgAtK).toBeCloseTo(report.results[1].ndcgAtK!, 12);
  });
});
