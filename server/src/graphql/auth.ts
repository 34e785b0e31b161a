import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { Scope } from '../data/repositories/api-key.repository';
import type { Context } from './context';
import { forbidden, unauthenticated } from './errors';

const HOW_TO_GET_A_KEY = 'Send "Authorization: Bearer <key>"; create a key with `npm run key -- create --scope write --name NAME`.';

export const invalidKeyError = () => unauthenticated(`The API key is unknown or revoked. ${HOW_TO_GET_A_KEY}`);

/** errors thrown before execution need an explicit HTTP status, or Apollo answers 500 */
const withStatus = (e: GraphQLError, status: number) => {
  e.extensions.http = { status };
  return e;
};

/** @Authorized('write') / @Authorized('admin'): missing key → UNAUTHENTICATED, too small a scope → FORBIDDEN */
export const authChecker: AuthChecker<Context, Scope> = ({ context }, scopes) => {
  const caller = context.auth.caller;
  if (context.auth.invalidKey) throw invalidKeyError();
  if (!caller) throw unauthenticated(`This operation needs an API key with scope "${scopes.join('" or "')}". ${HOW_TO_GET_A_KEY}`);
  if (scopes.length && !scopes.some((s) => caller.scopes.has(s))) {
    throw forbidden(`The key "${caller.keyName}" has scopes [${[...caller.scopes].join(', ')}]; this operation needs "${scopes.join('" or "')}".`);
  }
  return true;
};

/**
 * Whole-operation checks before anything resolves: a key that was sent but is not valid fails
 * every operation, and reads need a key when REQUIRE_KEY_FOR_READS=true.
 */
export function authPlugin(options: { requireKeyForReads: boolean }): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.auth.invalidKey) throw withStatus(invalidKeyError(), 401);
          if (operation?.operation === 'query' && options.requireKeyForReads) {
            const caller = contextValue.auth.caller;
            if (!caller) throw withStatus(unauthenticated(`Reads need an API key on this server (REQUIRE_KEY_FOR_READS=true). ${HOW_TO_GET_A_KEY}`), 401);
            if (!caller.scopes.has('read')) throw withStatus(forbidden(`The key "${caller.keyName}" lacks the "read" scope.`), 403);
          }
        },
      };
    },
  };
}
