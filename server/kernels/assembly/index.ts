// The engine's WebAssembly kernels, compiled by scripts/build-server.js (AssemblyScript, SIMD).
// Each is the twin of a TypeScript reference loop; tests compare the two.
export { dotRows } from './score';
export { sgdSweep } from './sgd';
export { alsGram, alsSolveRows, alsLossRows } from './als';
export { itemCfPairs } from './item-cf';
export { userCfPairs } from './user-cf';
export { tableDrain, tableMerge } from './heap-table';
