/**
 * The errors services speak: what went wrong in the domain's terms, with a message a person can act
 * on. Services never know GraphQL; graphql/format-error.ts maps each kind to its `extensions.code`.
 */
export type DomainErrorKind = 'invalid-input' | 'not-found' | 'unavailable' | 'conflict' | 'forbidden';

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const invalidInput = (field: string, message: string) => new DomainError('invalid-input', message, field);
export const notFound = (message: string, field?: string) => new DomainError('not-found', message, field);
export const unavailable = (message: string) => new DomainError('unavailable', message);
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field);
export const forbidden = (message: string) => new DomainError('forbidden', message);
