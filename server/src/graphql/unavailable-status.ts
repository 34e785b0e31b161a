import type { ApolloServerPlugin } from '@apollo/server';

/** seconds a client should wait before retrying while the database is unavailable */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/**
 * A response carrying an UNAVAILABLE error answers HTTP 503 with Retry-After, for every caller:
 * formatError can rewrite an error but not the status, so without this an anonymous read that lost
 * the database would answer 200 while a keyed one (refused during the key check) answers 503.
 * Load balancers and clients then retry the same way whatever the request was.
 */
export function unavailableStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          if (!errors?.some((e) => e.extensions?.code === 'UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
