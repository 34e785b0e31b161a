import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The GraphQL IDE (GraphiQL + explorer, Monaco and its workers) is a build of its own, so not one
 * byte of it can reach the main client's bundle. It lands in dist/ide/ under the URL prefix /ide/;
 * the server answers a browser's GET /graphql with dist/ide/graphiql.html (server/src/http/ide.ts).
 * Everything it loads is in that folder: no CDN, no web fonts from elsewhere.
 * package.json builds it with NODE_ENV=production, so it is React's and GraphiQL's production code
 * even when built under jest (NODE_ENV=test): third-party dev-only warnings are not ours to fix.
 */
export default defineConfig({
  plugins: [react()],
  base: '/ide/',
  publicDir: false,
  build: {
    outDir: 'dist/ide',
    emptyOutDir: true,
    rollupOptions: {
      input: 'graphiql.html',
      // GraphiQL's React-compiler output starts modules with "use no memo"; bundling drops the
      // directive harmlessly, and dozens of warnings about it would bury real ones
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
    // Monaco alone is ~2.8 MB; it is loaded on this page only
    chunkSizeWarningLimit: 5000,
  },
});
