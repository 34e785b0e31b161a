// One jest run for the whole repo: `npm test`. Server tests run on Node against a real embedded
// PostgreSQL started once per run (server/test/support/global-setup.ts); client tests on jsdom.
const swc = (tsx) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testTimeout: 60_000,
  // most suites wait on PostgreSQL, HTTP and the browser rather than compute: jest's default of
  // cores − 1 workers would run a 2-core machine one suite at a time (measured: 599 s, vs 338 s with 2)
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  projects: [
    {
      displayName: 'engine',
      rootDir: '<rootDir>/server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc(false) },
    },
    {
      displayName: 'server',
      rootDir: '<rootDir>/server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc(false) },
      // the admin-key banner of in-process servers must not reach the log
      setupFiles: ['<rootDir>/test/support/redact-keys.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'client',
      rootDir: '<rootDir>/client',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx'],
      transform: { '^.+\\.(t|j)sx?$': swc(true) },
      moduleNameMapper: { '\\.css$': '<rootDir>/test/style-stub.cjs' },
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
    },
    {
      // real browser (Debian's Chromium via playwright-core) against the real server: see client/e2e/
      displayName: 'e2e',
      rootDir: '<rootDir>/client',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/e2e/**/*.e2e.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc(false) },
      globalSetup: '<rootDir>/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/e2e/support/global-teardown.ts',
    },
  ],
};
