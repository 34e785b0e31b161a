import { GraphQLError } from 'graphql';
import { createQuietLogger } from '../logger';
import { DomainError, type DomainErrorKind } from '../services/errors';
import { formatError } from './format-error';

/** a service error as Apollo hands it to formatError: wrapped in a GraphQLError at a path */
function format(e: Error) {
  const wrapped = new GraphQLError(e.message, { path: ['x'], originalError: e });
  const formatted = { message: e.message, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return formatError(formatted, wrapped, { logger: createQuietLogger(), development: false });
}

describe('service errors get their code in the GraphQL layer', () => {
  it.each([
    ['invalid-input', 'BAD_USER_INPUT'],
    ['not-found', 'NOT_FOUND'],
    ['unavailable', 'UNAVAILABLE'],
    ['conflict', 'CONFLICT'],
    ['forbidden', 'FORBIDDEN'],
  ] as [DomainErrorKind, string][])('%s → %s, message and field kept', (kind, code) => {
    const out = format(new DomainError(kind, 'do this instead', 'limit'));
    expect(out).toEqual({ message: 'do this instead', path: ['x'], extensions: { code, field: 'limit' } });
  });

  it('a plain error is still internal and hidden', () => {
    expect(format(new Error('secret detail'))).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
