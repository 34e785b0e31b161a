/**
 * Why the embedded PostgreSQL cannot run, in one line that says what to do. Entry points print
 * the message alone (no stack): it is an operator's problem to fix, not a bug.
 */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}
