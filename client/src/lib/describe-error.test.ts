import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
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

  it('calls a failed fetch unreachable and anything else unknown', () => {
    expect(describeError(new TypeError('Failed to fetch')).code).toBe('UNREACHABLE');
    expect(describeError(new Error('boom'))).toMatchObject({ code: 'UNKNOWN', detail: 'boom' });
  });
});
