import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { Logger } from '../logger';
import { DomainError, type DomainErrorKind } from '../services/errors';
import { escapeInvisible } from './id.scalar';
import { explainValidationAbort } from './limits';

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** the code each kind of service error is answered with */
const DOMAIN_CODES: Record<DomainErrorKind, string> = {
  'invalid-input': 'BAD_USER_INPUT',
  'not-found': 'NOT_FOUND',
  unavailable: 'UNAVAILABLE',
  conflict: 'CONFLICT',
  forbidden: 'FORBIDDEN',
};

/** Postgres errors that mean "the database is not there right now" (or too slow to answer in time) */
const CONNECTION_FAILURE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|timeout exceeded when trying to connect|timeout expired|Connection terminated|terminating connection|the database system is (starting|shutting) up|Client has encountered a connection error|did not answer within|Query read timeout/i;

/**
 * SQLSTATEs: 57P01-03 shutdown / cannot connect now, 08xxx connection exceptions, 57014 a statement
 * cancelled by the serving statement timeout (an overloaded or stalled database), 53300 too many
 * connections (a burst of reconnections right after the database came back).
 */
const UNAVAILABLE_SQLSTATE = /^(57P0[1-3]|08\d\d[0-9A-Z]?|57014|53300)$/;

export function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && UNAVAILABLE_SQLSTATE.test(e.code)) return true;
  return CONNECTION_FAILURE.test(e.message ?? '');
}

/**
 * Service (domain) errors get their code; known client errors pass through; type-graphql's argument validation becomes BAD_USER_INPUT;
 * a lost database becomes UNAVAILABLE; anything else is logged and shown without internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, opts: { logger: Logger; development: boolean }): GraphQLFormattedError {
  const original = unwrapResolverError(error) as { name?: string; message?: string; stack?: string; extensions?: Record<string, unknown> } | undefined;
  const code = formatted.extensions?.code as string | undefined;
  const strip = (f: GraphQLFormattedError): GraphQLFormattedError => {
    if (opts.development) return f;
    const { stacktrace: _s, ...ext } = (f.extensions ?? {}) as Record<string, unknown>;
    return { ...f, extensions: ext };
  };
  if (original instanceof DomainError) {
    const { stacktrace: _s, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const field = original.field === undefined ? {} : { field: original.field };
    return strip({ ...formatted, message: original.message, extensions: { ...(opts.development ? formatted.extensions : ext), code: DOMAIN_CODES[original.kind], ...field } });
  }
  // instanceof, not .name: GraphQLError's constructor sets name to "GraphQLError" for every subclass
  if (original instanceof ArgumentValidationError) {
    const details = flattenValidation((original as unknown as { extensions?: { validationErrors?: ValidationNode[] } }).extensions?.validationErrors ?? []);
    const { validationErrors: _v, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return strip({
      ...formatted,
      message: details.length ? `Invalid input: ${details.map((d) => d.message).join('; ')}` : formatted.message,
      extensions: { ...ext, code: 'BAD_USER_INPUT', field: details[0]?.field },
    });
  }
  // Apollo re-codes every validation-rule error GRAPHQL_VALIDATION_FAILED; the depth rule's own
  // code (QUERY_TOO_COMPLEX, what clients and docs expect) survives on originalError
  // (and an id with invisible characters written in the query: BAD_USER_INPUT, as from a variable)
  const inner = (error as { originalError?: { extensions?: Record<string, unknown> } } | undefined)?.originalError?.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && (inner === 'QUERY_TOO_COMPLEX' || inner === 'BAD_USER_INPUT')) {
    return strip({ ...formatted, message: escapeInvisible(formatted.message), extensions: { ...formatted.extensions, code: inner } });
  }
  const aborted = code === 'GRAPHQL_VALIDATION_FAILED' && explainValidationAbort(formatted);
  if (aborted) return aborted;
  // graphql-js quotes a refused variable's value in the message: never echo invisible characters raw
  if (code === 'BAD_USER_INPUT' && formatted.extensions?.character) return strip({ ...formatted, message: escapeInvisible(formatted.message) });
  if (code && CLIENT_CODES.has(code)) return strip(formatted);
  // PostgreSQL refuses text with a NUL character (22021): that is the client's input, not our fault
  if ((original as { code?: string } | undefined)?.code === '22021') {
    return {
      message: 'Strings must not contain the NUL character (\\u0000).',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT' },
    };
  }
  if (isDatabaseDown(original)) {
    // a statement cut by the serving timeout on a live database: worth an operator's look if it recurs
    if ((original as { code?: string } | undefined)?.code === '57014') {
      opts.logger.warn({ path: formatted.path, err: original?.message }, 'statement cancelled by DATABASE_STATEMENT_TIMEOUT_MS');
    }
    return {
      message: 'The database is unavailable right now; retry in a few seconds.',
      path: formatted.path,
      extensions: { code: 'UNAVAILABLE' },
    };
  }
  opts.logger.error({ err: original, path: formatted.path }, 'internal error');
  return {
    message: opts.development ? formatted.message : 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: opts.development ? { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } : { code: 'INTERNAL_SERVER_ERROR' },
  };
}

interface ValidationNode {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationNode[];
}

/** class-validator's tree (nested inputs, list entries) as "inputs[3].weight: message" lines */
function flattenValidation(nodes: ValidationNode[], prefix = ''): { field: string; message: string }[] {
  return nodes.flatMap((n) => {
    const field = /^\d+$/.test(n.property) ? `${prefix}[${n.property}]` : prefix ? `${prefix}.${n.property}` : n.property;
    const own = Object.values(n.constraints ?? {}).map((m) => ({ field, message: prefix ? `${field}: ${m}` : m }));
    return [...own, ...flattenValidation(n.children ?? [], field)];
  });
}
