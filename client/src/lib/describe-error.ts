import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { isUnreachable } from './apollo-client';

/** The API's error codes (extensions.code), plus what the transport adds. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'UNREACHABLE' | 'UNKNOWN';

export interface DescribedError {
  code: ErrorCode;
  /** one short sentence for a person */
  title: string;
  /** the server's own message (it says which field, which range, how to create a user…) */
  detail: string;
}

const TITLES: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'That input was not accepted.',
  NOT_FOUND: 'Not found.',
  UNAUTHENTICATED: 'This action needs an API key.',
  FORBIDDEN: 'Your API key is not allowed to do this.',
  RATE_LIMITED: 'Too many requests; wait a moment and try again.',
  UNAVAILABLE: 'The server cannot reach its database right now.',
  UNREACHABLE: 'The server cannot be reached.',
  UNKNOWN: 'Something went wrong.',
};

const KNOWN = new Set(Object.keys(TITLES));

function fromBody(text: string | undefined): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text ?? '') as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    return { code: first?.extensions?.code, message: first?.message };
  } catch {
    return {};
  }
}

/** Turns whatever Apollo reports into a code, a plain title and the server's detail. */
export function describeError(error: unknown): DescribedError {
  let code: string | undefined;
  let detail = error instanceof Error ? error.message : String(error);
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    code = first?.extensions?.code as string | undefined;
    detail = first?.message ?? detail;
  } else if (ServerError.is(error)) {
    // rate limits and body limits answer with a non-200 status but still a GraphQL error body
    const body = fromBody(error.bodyText);
    code = body.code;
    if (body.message) detail = body.message;
    if (!code && error.statusCode === 429) code = 'RATE_LIMITED';
  }
  if (!code && isUnreachable(error)) code = 'UNREACHABLE';
  const known = (code && KNOWN.has(code) ? code : 'UNKNOWN') as ErrorCode;
  return { code: known, title: TITLES[known], detail };
}
