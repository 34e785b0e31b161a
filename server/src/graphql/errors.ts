import { GraphQLError } from 'graphql';

/**
 * Every error a client can cause carries `extensions.code` and a message a person can act on.
 * Anything else is an internal error: logged with its stack, shown to clients without it.
 */
export type ErrorCode =
  'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'CONFLICT' | 'QUERY_TOO_COMPLEX' | 'INTERNAL_SERVER_ERROR';

export function coded(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const badInput = (field: string, message: string) => coded('BAD_USER_INPUT', message, { field });
export const notFound = (message: string) => coded('NOT_FOUND', message);
export const unauthenticated = (message: string) => coded('UNAUTHENTICATED', message);
export const forbidden = (message: string) => coded('FORBIDDEN', message);
export const unavailable = (message: string) => coded('UNAVAILABLE', message);
