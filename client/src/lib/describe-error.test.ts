import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { isUnreachable } from './apollo-client';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('reads extensions.code of the first GraphQL error and keeps the server message', () => {
    const error = new CombinedGraphQLErrors({
      data: null,
      errors: [{ message: 'This operation needs an API key with scope "write".', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(describeError(error)).toEqual({
      code: 'UNAUTHENTICATED',
      title: 'This action needs an API key.',
      detail: 'This operation needs an API key with scope "write".',
    });
  });

  it('reads the code from a non-200 GraphQL body (rate limit)', () => {
    const body = JSON.stringify({ errors: [{ message: 'Slow down', extensions: { code: 'RATE_LIMITED' } }] });
    // jsdom has no fetch Response; the error only reads its status
    const response = { status: 429 } as Response;
    const error = new ServerError('Response not successful', { response, bodyText: body });
    expect(describeError(error)).toMatchObject({ code: 'RATE_LIMITED', detail: 'Slow down' });
  });

  it('a 503 with a GraphQL body is the database being unavailable, not the server being unreachable', () => {
    const body = JSON.stringify({ errors: [{ message: 'The database is unavailable right now; retry in a few seconds.', extensions: { code: 'UNAVAILABLE' } }] });
    const error = new ServerError('Response not successful', { response: { status: 503 } as Response, bodyText: body });
    expect(isUnreachable(error)).toBe(false);
    expect(describeError(error)).toMatchObject({ code: 'UNAVAILABLE', title: 'The server cannot reach its database right now.' });
    expect(isUnreachable(new ServerError('Bad gateway', { response: { status: 502 } as Response, bodyText: '<html>' }))).toBe(true);
  });

  it('calls a failed fetch unreachable and anything else unknown', () => {
    expect(describeError(new TypeError('Failed to fetch')).code).toBe('UNREACHABLE');
    expect(describeError(new Error('boom'))).toMatchObject({ code: 'UNKNOWN', detail: 'boom' });
  });
});
