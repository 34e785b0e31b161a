/**
 * Every `extensions.code` the API can answer, with when it happens: the API page's table. A test
 * (error-codes.test.ts) keeps this list equal to the codes the server passes through
 * (server/src/graphql/format-error.ts, plus INTERNAL_SERVER_ERROR) and to the README's table.
 */
export const ERROR_CODES: { code: string; when: string }[] = [
  { code: 'BAD_USER_INPUT', when: 'An argument is invalid: extensions.field names it, and the message gives the allowed values or range.' },
  { code: 'NOT_FOUND', when: 'Unknown user, item, model version or training job (an unknown user’s message shows the createUser mutation).' },
  { code: 'UNAUTHENTICATED', when: 'A write without a key, or an unknown or revoked key (HTTP 401 when refused before execution).' },
  { code: 'FORBIDDEN', when: 'The key lacks the scope (write for users and ratings, admin for training and activation).' },
  { code: 'RATE_LIMITED', when: 'Over the per-key (or per-IP) request rate: HTTP 429 with Retry-After.' },
  { code: 'QUERY_TOO_COMPLEX', when: 'Deeper than MAX_QUERY_DEPTH or costlier than MAX_QUERY_COST: ask for fewer or smaller lists.' },
  { code: 'UNAVAILABLE', when: 'The database cannot be reached or the models are still loading: retry in a few seconds.' },
  { code: 'CONFLICT', when: 'An idempotencyKey reused for a different event, or startExperiment while another experiment runs.' },
  { code: 'GRAPHQL_PARSE_FAILED', when: 'The query is not valid GraphQL syntax (the message points at the line and column).' },
  { code: 'GRAPHQL_VALIDATION_FAILED', when: 'The query does not fit the schema: unknown field or argument, wrong variable type.' },
  {
    code: 'BAD_REQUEST',
    when: 'The HTTP request itself: body not JSON or too large (413), no query, a batch, a subscription, or a GET without a JSON content type or the apollo-require-preflight header (CSRF protection).',
  },
  { code: 'OPERATION_RESOLUTION_FAILURE', when: 'operationName names no operation in the document, or several operations and no operationName.' },
  { code: 'PERSISTED_QUERY_NOT_FOUND', when: 'Automatic persisted queries: the hash is not known yet; send it again with the query text.' },
  { code: 'PERSISTED_QUERY_NOT_SUPPORTED', when: 'A persisted-query request the server cannot serve: send the query text.' },
  { code: 'INTERNAL_SERVER_ERROR', when: 'A fault on the server’s side: the message hides internals; the log has the details under the x-request-id.' },
];
