import fs from 'node:fs';
import path from 'node:path';
import type express from 'express';
import { repoRoot } from '../paths';

/**
 * The GraphQL IDE: GraphiQL with its explorer, bundled from npm by the client's own IDE build
 * (client/vite.ide.config.ts → client/dist/ide/), so it works with no internet and nothing of it
 * reaches the main client's bundle. A browser's GET /graphql gets the page; every other request
 * to /graphql (POST, or a GET asking for JSON) goes on to Apollo untouched. GRAPHQL_IDE=false
 * serves neither the page nor its files: /graphql then answers as Apollo does with no landing page.
 */
const IDE_URL_PREFIX = '/ide';

/**
 * The browser itself refuses anything from elsewhere: should a later GraphiQL or Monaco reach for
 * a CDN, it fails loudly here (and in the offline e2e test) instead of leaking requests.
 * Inline styles are Monaco's and GraphiQL's own; workers are files of the same build.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Apollo's own rule for its landing page: a GET that prefers HTML to every GraphQL response type */
function prefersHtml(req: express.Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

export function serveIde(app: express.Express, { enabled }: { enabled: boolean }): void {
  if (!enabled) {
    app.use(IDE_URL_PREFIX, (_req, res) => {
      res.status(404).type('text').send('The GraphQL IDE is turned off (GRAPHQL_IDE=false).');
    });
    return;
  }
  const page = path.join(repoRoot(), 'client', 'dist', 'ide', 'graphiql.html');
  app.get('/graphql', (req, res, next) => {
    if (!prefersHtml(req)) return next();
    res.set('content-security-policy', CSP);
    if (fs.existsSync(page)) return res.sendFile(page);
    res
      .type('html')
      .send(
        '<!doctype html><title>Tastegraph · GraphiQL</title><h1>GraphiQL is not built yet</h1><p>Run <code>npm run build</code> (or <code>npm start</code>), then reload. POST GraphQL requests to this URL meanwhile.</p>',
      );
  });
}
