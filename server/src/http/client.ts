import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { repoRoot } from '../paths';

/** the built client (client/dist) with history-API fallback; a placeholder page until it is built */
export function serveClient(app: express.Express): void {
  const dist = path.join(repoRoot(), 'client', 'dist');
  const index = path.join(dist, 'index.html');
  app.use(express.static(dist, { index: false }));
  app.get(/^\/(?!graphql|health|ready|metrics).*/, (_req, res) => {
    if (fs.existsSync(index)) res.sendFile(index);
    else
      res
        .type('html')
        .send('<!doctype html><title>Tastegraph</title><h1>Tastegraph</h1><p>The API is at <a href="/graphql">/graphql</a>. Build the client with <code>npm run build</code>.</p>');
  });
}
