/**
 * manifest.json of an exported model: what a reader needs beside the tables (strategy, k, the global
 * mean, which file is which, the parameters fold-in uses). `npm run model -- import --from DIR` reads
 * it; the same import can be written out with explicit flags instead (the manifest is not required).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'tastegraph-factor-model';

/** the tables of a model, as file names (relative to the manifest's folder) or paths */
export interface ModelFiles {
  userFactors: string;
  itemFactors: string;
  userBiases?: string;
  itemBiases?: string;
  /** SVD's ranking head (svd.ts): its user and item factors */
  rankingUserFactors?: string;
  rankingItemFactors?: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: 1;
  /** API name: ALS or SVD */
  strategy: string;
  k: number;
  /** SVD: μ of r̂ = μ + b_u + b_i + p_u·q_i */
  globalMean?: number;
  /** the rating scale predictions are clipped to (information; an import clips to its own data's) */
  ratingScale?: { min: number; max: number };
  files: ModelFiles;
  /** the strategy's parameters, factors excepted (fold-in and explanations use them) */
  params: Record<string, unknown>;
  exportedFrom?: { modelVersion: string; createdAt: string; users: number; items: number };
}

/** reads DIR/manifest.json; file names in it become paths under DIR */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not valid JSON (${(e as Error).message})`;
    throw new Error(`${path} ${reason}; --from names a folder written by \`npm run model -- export\``);
  }
  if (m?.format !== MANIFEST_FORMAT) throw new Error(`${path} is not a ${MANIFEST_FORMAT} manifest (its "format" is ${JSON.stringify(m?.format)})`);
  if (m.formatVersion !== 1) throw new Error(`${path} has formatVersion ${JSON.stringify(m.formatVersion)}; this version reads 1`);
  if (typeof m.strategy !== 'string' || !m.files?.userFactors || !m.files?.itemFactors) {
    throw new Error(`${path} lacks "strategy" or "files.userFactors" / "files.itemFactors"`);
  }
  const files = Object.fromEntries(Object.entries(m.files).map(([k, v]) => [k, join(dir, String(v))])) as unknown as ModelFiles;
  return { ...m, files, params: m.params ?? {} };
}
