import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { graphql } from '../gql';
import type { StrategyInfoFieldsFragment } from '../gql/graphql';
import { strategyColors, UNLISTED_COLOR } from './strategy-colors';

export const StrategyInfoFields = graphql(`
  fragment StrategyInfoFields on StrategyInfo {
    name
    description
    personalized
    predictsRatings
    trainable
    served
    params {
      name
      kind
      min
      max
      minExclusive
      default
      choices
      description
    }
  }
`);

/** The one place the client learns which strategies exist: the server's registry, in its order. */
export const StrategiesQuery = graphql(`
  query Strategies {
    strategies {
      ...StrategyInfoFields
    }
  }
`);

export type StrategyInfo = StrategyInfoFieldsFragment;

export interface Strategies {
  /** in the server's order (AUTO last); empty until loaded */
  list: readonly StrategyInfo[];
  loading: boolean;
  error: unknown;
  byName: (name: string) => StrategyInfo | undefined;
  colorOf: (name: string) => string;
  /** position in the server's order (unlisted names last) */
  rankOf: (name: string) => number;
}

/** Query.strategies (fetched once, then from the cache), with colours and order derived from it. */
export function useStrategies(): Strategies {
  const { data, loading, error } = useQuery(StrategiesQuery);
  const list = data?.strategies;
  return useMemo(() => {
    const all = list ?? [];
    const colors = strategyColors(all.map((s) => s.name));
    const index = new Map(all.map((s, i) => [s.name as string, i]));
    return {
      list: all,
      loading,
      error,
      byName: (name) => all.find((s) => s.name === name),
      colorOf: (name) => colors.get(name) ?? UNLISTED_COLOR,
      rankOf: (name) => index.get(name) ?? all.length,
    };
  }, [list, loading, error]);
}
