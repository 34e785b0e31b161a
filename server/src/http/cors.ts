import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for /graphql only, from the CORS_ORIGINS allowlist; null when the list is empty (then no
 * CORS header is ever sent, and browsers keep other origins out as before).
 *
 * Credentials stay off (no Access-Control-Allow-Credentials): a cross-origin page authenticates
 * with an API key of its own in `Authorization`, never with anything the browser holds for this
 * server. The web client's key is served by /client-config.json, which gets no CORS headers, so no
 * other origin can read it. Apollo's CSRF prevention still refuses simple (unpreflighted) requests:
 * a cross-origin GET must send `apollo-require-preflight` (allowed below), which forces a preflight.
 */
export function graphqlCors(origins: readonly string[]): RequestHandler | null {
  if (!origins.length) return null;
  return cors({
    // exact match against the normalized allowlist; a refused origin gets no Allow-Origin header
    origin: origins[0] === '*' ? '*' : [...origins],
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: [
      'content-type',
      'authorization',
      'x-request-id',
      // Apollo's CSRF-prevention headers and Apollo Client's client-awareness headers
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'apollographql-client-name',
      'apollographql-client-version',
    ],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
}
