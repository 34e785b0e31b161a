import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation and fragment, generated from the server's committed schema:
// `npm run codegen -w client`. The output (src/gql/) is committed so a plain checkout type-checks.
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      // fragments stay owned by their component; unmasked types keep the Apollo cache and
      // component props simple (no useFragment unwrapping at every level)
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
  },
};

export default config;
