import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev`: Vite's dev server with the API proxied to the Tastegraph server on :4000
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      // GraphiQL's files (the server's build of it: npm run build -w client)
      '/ide': 'http://127.0.0.1:4000',
      '/client-config.json': 'http://127.0.0.1:4000',
      // the unreachable-server banner polls this to clear itself
      '/ready': 'http://127.0.0.1:4000',
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
