#!/usr/bin/env node
// `npm start` (and the CLIs) build only what changed since the last build: a restart with no code
// change skips tsc, GraphQL codegen and vite. `npm run build` (--force) builds everything.
//
// Each target keeps a stamp (node_modules/.cache/tastegraph-build/<target>.json, outside the output
// folder, which vite empties): a hash of its inputs' contents and a hash of
// the outputs that build produced. A target is rebuilt when either differs — an edited source,
// a new dependency, a schema change, or an output written since by another command (a test run's
// tsc, `npm run build -w client`) — so a stamp never vouches for outputs it did not see built.
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const stampFile = (root, name) => path.join(root, 'node_modules', '.cache', 'tastegraph-build', `${name}.json`);

/** what each build reads (folders are walked; a missing path counts as empty) and writes */
const TARGETS = {
  server: {
    inputs: ['server/src', 'server/kernels', 'migrations', 'server/tsconfig.json', 'tsconfig.base.json', 'server/package.json', 'package-lock.json'],
    output: 'server/dist',
    skip: (rel) => /\.test\.ts$/.test(rel) || rel.endsWith('.tsbuildinfo'),
    // the WebAssembly kernels, then tsc
    build: [process.execPath, [path.join('scripts', 'build-server.js')]],
  },
  client: {
    inputs: [
      'client/src',
      'client/public',
      'client/index.html',
      'client/graphiql.html',
      'client/vite.config.ts',
      'client/vite.ide.config.ts',
      'client/codegen.ts',
      'client/tsconfig.json',
      'client/package.json',
      'server/schema.graphql',
      'package-lock.json',
    ],
    output: 'client/dist',
    skip: (rel) => /\.test\.tsx?$/.test(rel),
    build: ['npm', ['run', 'build', '-w', 'client']],
  },
};

/** sha256 over (relative path, content) of every file under the given paths, in a stable order */
function hashTree(root, paths, skip) {
  const h = crypto.createHash('sha256');
  const walk = (rel) => {
    const abs = path.join(root, rel);
    let st;
    try {
      st = fs.statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (name !== 'node_modules') walk(path.join(rel, name));
    } else if (!skip(rel)) {
      h.update(`${rel}\0${st.size}\0`);
      h.update(fs.readFileSync(abs));
    }
  };
  for (const p of paths) walk(p);
  return h.digest('hex');
}

/** the stamp a target would get now: its inputs, and its outputs as they are */
function currentState(root, name) {
  const t = TARGETS[name];
  return { inputs: hashTree(root, t.inputs, t.skip), outputs: hashTree(root, [t.output], t.skip) };
}

function readStamp(root, name) {
  try {
    return JSON.parse(fs.readFileSync(stampFile(root, name), 'utf8'));
  } catch {
    return null;
  }
}

function writeStamp(root, name) {
  const state = currentState(root, name);
  fs.mkdirSync(path.dirname(stampFile(root, name)), { recursive: true });
  fs.writeFileSync(stampFile(root, name), JSON.stringify(state) + '\n');
  return state;
}

/** true when the outputs were built from exactly the current inputs and untouched since */
function isUpToDate(root, name) {
  const stamp = readStamp(root, name);
  if (!stamp) return false;
  const now = currentState(root, name);
  return stamp.inputs === now.inputs && stamp.outputs === now.outputs;
}

function main(argv) {
  const force = argv.includes('--force');
  const names = argv.filter((a) => a !== '--force');
  for (const name of names.length ? names : Object.keys(TARGETS)) {
    if (!TARGETS[name]) {
      process.stderr.write(`build-if-changed: unknown target "${name}" (known: ${Object.keys(TARGETS).join(', ')})\n`);
      return 2;
    }
    if (!force && isUpToDate(ROOT, name)) {
      process.stderr.write(`${name}: up to date, build skipped\n`);
      continue;
    }
    const t0 = Date.now();
    process.stderr.write(`${name}: building…\n`);
    const [cmd, args] = TARGETS[name].build;
    // stdout to stderr: `npm run eval` keeps its stdout for results
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) {
      process.stderr.write(`${name}: build failed${r.error ? `: ${r.error.message}` : ''}\n`);
      return r.status || 1;
    }
    // hashed after the build: codegen may rewrite its generated inputs (client/src/gql)
    writeStamp(ROOT, name);
    process.stderr.write(`${name}: built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

module.exports = { TARGETS, currentState, isUpToDate, writeStamp };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
