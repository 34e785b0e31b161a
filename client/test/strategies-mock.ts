import type { MockLink } from '@apollo/client/testing';
import { StrategiesDocument } from '../src/gql/graphql';

interface Param {
  name: string;
  kind: 'integer' | 'number' | 'choice';
  min?: number;
  max?: number;
  minExclusive?: boolean;
  default: string | number;
  choices?: string[];
  description?: string;
}

/** one Query.strategies entry as the server sends it (a name the client's types have never heard of is fine) */
export const strategyInfo = (name: string, options: { trainable?: boolean; personalized?: boolean; params?: Param[]; description?: string } = {}) => ({
  __typename: 'StrategyInfo' as const,
  name,
  description: options.description ?? `${name} explained in one line.`,
  personalized: options.personalized ?? true,
  predictsRatings: false,
  trainable: options.trainable ?? true,
  served: true,
  params: (options.params ?? []).map((p) => ({
    __typename: 'StrategyParam' as const,
    name: p.name,
    kind: p.kind,
    min: p.min ?? null,
    max: p.max ?? null,
    minExclusive: p.minExclusive ?? false,
    default: p.default,
    choices: p.choices ?? null,
    description: p.description ?? `what ${p.name} does`,
  })),
});

export type StrategyInfoMock = ReturnType<typeof strategyInfo>;

/** a MockedProvider mock answering Query.strategies with this list, as often as asked */
export const strategiesMock = (list: StrategyInfoMock[]): MockLink.MockedResponse => ({
  request: { query: StrategiesDocument },
  result: { data: { strategies: list } },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

/** the demo server's list, plus FOO_BAR: a strategy no client code names */
export const SERVER_STRATEGIES = [
  strategyInfo('POPULARITY', { personalized: false }),
  strategyInfo('USER_CF'),
  strategyInfo('ITEM_CF'),
  strategyInfo('SVD'),
  strategyInfo('ALS'),
  strategyInfo('FOO_BAR', {
    description: 'Foo-bar ranking: made up for this test.',
    params: [
      { name: 'widgets', kind: 'integer', min: 1, max: 500, default: 32 },
      { name: 'damping', kind: 'number', min: 0, minExclusive: true, max: 1, default: 0.25 },
      { name: 'flavour', kind: 'choice', choices: ['plain', 'spicy'], default: 'plain' },
    ],
  }),
  strategyInfo('AUTO', { trainable: false, description: 'Per user, the best measured model.' }),
];
