/**
 * A stored ALS or SVD version as the tables `npm run model -- import` reads (and Spark-style tools
 * write): user and item factors keyed by external id, SVD's biases, global mean and ranking head.
 * Only rows with factors are written (not a user the model could not score, nor an SVD item without
 * ratings in training, which only the ranking head's file holds): importing the files back gives a
 * model that scores every user and item as the version does. One exception: an SVD version trained
 * with rankingFactors 0 ranks items without ratings at the baseline μ + b_u; its export leaves them
 * out, so the imported copy does not recommend them.
 */
import { decodeArtifact } from '../engine/util/binary';
import { tablesOfArtifact, type FactorTables } from '../engine/strategies/mf/factor-tables';
import { strategyEntry } from '../engine/strategies/registry';
import { MANIFEST_FORMAT, type Manifest } from './model-files/manifest';
import type { TableOut } from './model-files/write-model-files';

export interface ExportPlan {
  manifest: Omit<Manifest, 'files'>;
  tables: TableOut[];
}

function* rowsOf(ids: readonly string[], has: Uint8Array, values: Float32Array, width: number): Generator<[string, Float32Array]> {
  for (let i = 0; i < has.length; i++) if (has[i]) yield [ids[i], values.subarray(i * width, (i + 1) * width)];
}

/** the export of a version's bundle bytes (model_versions.artifact) */
export function planExport(bundleBytes: Uint8Array, version: { id: string; createdAt: Date }): ExportPlan {
  const { meta, arrays } = decodeArtifact<{ users: readonly string[]; items: readonly string[] }>(bundleBytes);
  const t: FactorTables = tablesOfArtifact(arrays.model as Uint8Array);
  const users = meta.users;
  const items = meta.items;
  const tables: TableOut[] = [
    { key: 'userFactors', kind: 'factors', width: t.k, rows: rowsOf(users, t.userHas, t.userFactors, t.k) },
    { key: 'itemFactors', kind: 'factors', width: t.k, rows: rowsOf(items, t.itemHas, t.itemFactors, t.k) },
  ];
  if (t.userBias) tables.push({ key: 'userBiases', kind: 'biases', width: 1, rows: rowsOf(users, t.userHas, t.userBias, 1) });
  if (t.itemBias) tables.push({ key: 'itemBiases', kind: 'biases', width: 1, rows: rowsOf(items, t.itemHas, t.itemBias, 1) });
  if (t.head) {
    tables.push({ key: 'rankingUserFactors', kind: 'factors', width: t.head.k, rows: rowsOf(users, t.userHas, t.head.userFactors, t.head.k) });
    // the head ranks every item of the version, those without ratings too
    tables.push({ key: 'rankingItemFactors', kind: 'factors', width: t.head.k, rows: rowsOf(items, new Uint8Array(t.nItems).fill(1), t.head.itemFactors, t.head.k) });
  }
  // factors (and the head's) come from the files: the manifest's params are the rest
  const { factors: _k, rankingFactors: _hk, ...params } = t.params;
  const count = (has: Uint8Array) => has.reduce((s, x) => s + x, 0);
  const manifest: Omit<Manifest, 'files'> = {
    format: MANIFEST_FORMAT,
    formatVersion: 1,
    strategy: strategyEntry(t.strategy).apiName,
    k: t.k,
    ...(t.strategy === 'svd' ? { globalMean: t.globalMean } : {}),
    params,
    exportedFrom: { modelVersion: version.id, createdAt: version.createdAt.toISOString(), users: count(t.userHas), items: count(t.itemHas) },
  };
  return { manifest, tables };
}
