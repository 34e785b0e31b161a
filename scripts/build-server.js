#!/usr/bin/env node
// The server's build: the engine's WebAssembly kernels (AssemblyScript, a compiler from npm; the
// .wasm is built, never committed), then tsc. Run by build-if-changed's "server" target and by
// `npm run build -w server`.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
};
const out = path.join('server', 'dist', 'kernels', 'kernels.wasm');
fs.mkdirSync(path.dirname(path.join(ROOT, out)), { recursive: true });
run([
  path.join('node_modules', 'assemblyscript', 'bin', 'asc.js'),
  path.join('server', 'kernels', 'assembly', 'index.ts'),
  // shared memory (up to 4 GiB), so worker threads can run a kernel over the same arrays
  '--outFile',
  out,
  '-O3',
  '--enable',
  'simd',
  '--enable',
  'threads',
  '--sharedMemory',
  '--maximumMemory',
  '65536',
  '--runtime',
  'stub',
  '--importMemory',
  '--noAssert',
]);
run([path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join('server', 'tsconfig.json')]);
