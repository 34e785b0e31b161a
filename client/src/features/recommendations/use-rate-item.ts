import { useMutation } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import { graphql } from '../../gql';

const RateItem = graphql(`
  mutation RateItem($input: RateItemInput!) {
    rateItem(input: $input) {
      rating
      ratedAt
      item {
        id
        ratingCount
        averageRating
      }
    }
  }
`);

/**
 * Rates an item for a user, then refetches the named active queries (the lists that must change
 * at once) before resolving. Items rated here are reported in `rated` so a list can drop them
 * immediately, before the refetch answers.
 */
export function useRateItem(userId: string, refetch: string[]) {
  const [mutate, { loading }] = useMutation(RateItem, { refetchQueries: refetch, awaitRefetchQueries: true });
  const [error, setError] = useState<unknown>(null);
  const [rated, setRated] = useState<Map<string, number>>(new Map());
  const rate = useCallback(
    async (itemId: string, rating: number) => {
      setError(null);
      setRated((m) => new Map(m).set(itemId, rating));
      try {
        await mutate({ variables: { input: { userId, itemId, rating } } });
        return true;
      } catch (e) {
        setError(e);
        setRated((m) => {
          const next = new Map(m);
          next.delete(itemId);
          return next;
        });
        return false;
      }
    },
    [mutate, userId],
  );
  return { rate, rating: loading, error, rated };
}
