/**
 * Imported first by each entry point (the server, the worker, bench:api), before any library loads.
 *
 * config.ts treats an unset NODE_ENV as production, but graphql-js and Express read NODE_ENV
 * themselves, once, when first loaded: unset, graphql-js runs its development `instanceOf` (a
 * realm check on every failed type test, ~5% of a cached list's CPU in bench:api) and Express its
 * development error pages. Saying "production" here when nothing was said makes them agree with
 * the config; an explicit NODE_ENV (tests run with "test") is left as it is.
 */
process.env.NODE_ENV ||= 'production';
