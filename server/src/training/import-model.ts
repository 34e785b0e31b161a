/**
 * A model trained elsewhere (Spark MLlib's ALS, `implicit`, Surprise…) turned into a version like a
 * trained one: its tables aligned with the database's users and items by external id, measured on
 * the same held-out split a training job uses (same seed, same K, same fallback), and bundled the same
 * way. Storing and activating it is the caller's (store-version.ts, the same path a training job takes).
 *
 * Decisions (README, "Models trained elsewhere"):
 * - ids in the files that the database does not know are skipped and counted (an export taken before
 *   a deletion still imports); when none is known the files are refused: they belong to other data.
 * - users of the database absent from the user factors cannot be scored by this model: they get the
 *   popularity fallback, as a user without history does; items absent from the item factors are
 *   never recommended by it (as items new since a training are).
 * - the evaluation scores the imported factors on the held-out 20% as they are. Trained versions were
 *   fit on the other 80% only; a model fit elsewhere on everything `npm run export` wrote has seen the
 *   held-out interactions, so its metrics are optimistic. `imported.evaluation` in the params says so.
 */
import type { Dataset } from '../engine/dataset/dataset';
import { HOLDOUT_FRACTION, type MeasuredMetrics } from '../engine/evaluation/measure';
import { evaluateOnSplit } from '../engine/evaluation/evaluate';
import { metricValues } from '../engine/evaluation/metric-values';
import { userHoldout } from '../engine/evaluation/splitters';
import { Vocabulary } from '../engine/dataset/vocabulary';
import { encodeBundle } from '../engine/model-bundle';
import { seenFromDataset } from '../engine/strategies/mf/factor-state';
import { modelOfTables, type FactorStrategy, type FactorTables, type SeenRows } from '../engine/strategies/mf/factor-tables';
import { createStrategy, fallbackEntry } from '../engine/strategies/registry';
import type { Model, RecommendRequest } from '../engine/types';
import type { LoadedData } from './load-dataset';
import type { FactorTable } from './model-files/read-factor-file';

export interface ImportTables {
  userFactors: FactorTable;
  itemFactors: FactorTable;
  userBiases?: FactorTable;
  itemBiases?: FactorTable;
  rankingUserFactors?: FactorTable;
  rankingItemFactors?: FactorTable;
  globalMean?: number;
}

/** a problem with what the files hold as a whole (the row-level ones are ImportFormatErrors) */
export class ModelImportError extends Error {
  override readonly name = 'ModelImportError';
}

export interface SideReport {
  /** rows in the file */
  rows: number;
  /** rows whose id the database knows: the ones used */
  used: number;
  /** rows skipped: id unknown to the database */
  unknown: number;
  /** a few of the unknown ids, for the message */
  unknownSample: string[];
  /** users / items of the database without a row */
  missing: number;
}

export interface ImportedModel {
  artifact: Uint8Array;
  metrics: MeasuredMetrics;
  /** the strategy's validated parameters (factors from the files) */
  params: Record<string, unknown>;
  users: SideReport;
  items: SideReport;
  seconds: number;
}

const where = (t: FactorTable, row: number) => {
  const w = t.where(row);
  return `${w.file.split(/[\\/]/).pop()}:${w.line}`;
};

/** row of each vocabulary index in the table (-1: none), and what could not be matched */
function align(t: FactorTable, vocab: Vocabulary, noun: string): { rowOf: Int32Array; report: SideReport } {
  const rowOf = new Int32Array(vocab.size).fill(-1);
  const sample: string[] = [];
  let unknown = 0;
  t.ids.forEach((id, row) => {
    const i = vocab.indexOf(id);
    if (i < 0) {
      unknown++;
      if (sample.length < 3) sample.push(id);
    } else rowOf[i] = row;
  });
  const used = t.ids.length - unknown;
  if (used === 0) {
    throw new ModelImportError(
      `none of the ${t.ids.length} ids in ${t.source} is a ${noun} of the database (first: ${JSON.stringify(t.ids[0])}); ` +
        `ids are the external ids, as \`npm run export\` writes them in ${noun}s.csv`,
    );
  }
  return { rowOf, report: { rows: t.ids.length, used, unknown, unknownSample: sample, missing: vocab.size - used } };
}

/** every id of a side table must have a row in the main one: a bias without factors is a mistake in the files */
function checkSubset(side: FactorTable, main: FactorTable, what: string): void {
  const known = new Set(main.ids);
  side.ids.forEach((id, row) => {
    if (!known.has(id)) throw new ModelImportError(`${where(side, row)} ${what} "${id}" has no row in ${main.source}; every id there needs its factors`);
  });
}

/** a table's rows copied into an index space: target[row index in vocab] → destination index, or -1 */
function scatter(t: FactorTable | undefined, rowOf: Int32Array, target: (vocabIndex: number) => number, n: number): Float32Array {
  const w = t?.width ?? 0;
  const out = new Float32Array(n * w);
  if (!t) return out;
  for (let i = 0; i < rowOf.length; i++) {
    const row = rowOf[i];
    const to = target(i);
    if (row >= 0 && to >= 0) out.set(t.values.subarray(row * w, (row + 1) * w), to * w);
  }
  return out;
}

/** rows of a side table (biases, ranking factors) by the main table's vocabulary index */
function sideRows(side: FactorTable | undefined, vocab: Vocabulary): Int32Array {
  const rowOf = new Int32Array(vocab.size).fill(-1);
  side?.ids.forEach((id, row) => {
    const i = vocab.indexOf(id);
    if (i >= 0) rowOf[i] = row;
  });
  return rowOf;
}

/** the seen rows of a dataset with item indices renumbered (and each row sorted again, as datasets are) */
function renumberSeen(ds: Dataset, newIndex: Int32Array): SeenRows {
  const s = seenFromDataset(ds);
  for (let u = 0; u < ds.nUsers; u++) {
    const a = s.seenPtr[u];
    const b = s.seenPtr[u + 1];
    const order = Array.from({ length: b - a }, (_, q) => a + q).sort((x, y) => newIndex[ds.userItems[x]] - newIndex[ds.userItems[y]]);
    order.forEach((p, q) => {
      s.seenItems[a + q] = newIndex[ds.userItems[p]];
      s.seenRatings[a + q] = ds.userRatings[p];
      s.seenWeights[a + q] = ds.userWeights[p];
    });
  }
  return s;
}

/**
 * The evaluated model's view: only items with factors are candidates, as in the served model (where
 * the others sit past the factored items). Everything else is the model's own.
 */
function onlyFactoredItems(model: Model, has: Uint8Array): Model {
  const recommend = (req: RecommendRequest) => {
    const f = req.filter;
    return model.recommend({ ...req, filter: f ? (i) => has[i] === 1 && f(i) : (i) => has[i] === 1 });
  };
  return Object.assign(Object.create(model) as Model, { recommend });
}

export async function importFactorModel(
  data: LoadedData,
  strategy: FactorStrategy,
  tables: ImportTables,
  extraParams: Record<string, unknown>,
  options: { seed: number; k: number; onProgress?: (stage: string) => void },
): Promise<ImportedModel> {
  const t0 = performance.now();
  const ds = data.dataset;
  const { userFactors: U, itemFactors: I } = tables;
  const k = U.width;
  if (I.width !== k) {
    throw new ModelImportError(`the user factors have ${k} per row (${where(U, 0)}), the item factors ${I.width} (${where(I, 0)}); both sides need the same k`);
  }
  const svd = strategy === 'svd';
  const head = tables.rankingUserFactors || tables.rankingItemFactors;
  if (!svd) {
    const extra = (['userBiases', 'itemBiases', 'rankingUserFactors', 'rankingItemFactors', 'globalMean'] as const).filter((key) => tables[key] !== undefined);
    if (extra.length) {
      throw new ModelImportError(`ALS scores x_u·y_i and has no ${extra.join(', ')}; import a model with biases and a global mean as --strategy SVD`);
    }
  }
  if (head && !(tables.rankingUserFactors && tables.rankingItemFactors)) {
    throw new ModelImportError('the ranking head needs both --ranking-user-factors and --ranking-item-factors');
  }
  const hk = head ? tables.rankingUserFactors!.width : 0;
  if (head && tables.rankingItemFactors!.width !== hk) {
    throw new ModelImportError(`the ranking user factors have ${hk} per row, the ranking item factors ${tables.rankingItemFactors!.width}; both need the same k`);
  }
  for (const key of ['factors', 'rankingFactors']) {
    if (key in extraParams) throw new ModelImportError(`"${key}" comes from the files (their number of factors per row); leave it out of --params`);
  }
  // validated like a training request: unknown or out-of-range parameters are refused by name
  const params: Record<string, unknown> = { ...createStrategy(strategy, { ...extraParams, factors: k, ...(svd ? { rankingFactors: hk } : {}) }).params };

  if (tables.userBiases) checkSubset(tables.userBiases, U, 'user');
  if (tables.itemBiases) checkSubset(tables.itemBiases, I, 'item');
  options.onProgress?.('aligning ids with the database');
  const users = align(U, ds.users, 'user');
  const items = align(I, ds.items, 'item');

  // users keep the dataset's indices; items with factors come first in the served model
  const nUsers = ds.nUsers;
  const userHas = new Uint8Array(nUsers);
  for (let u = 0; u < nUsers; u++) userHas[u] = users.rowOf[u] >= 0 ? 1 : 0;
  const same = (i: number) => i;
  const userFactors = scatter(U, users.rowOf, same, nUsers);
  const userBias = svd ? scatter(tables.userBiases, sideRows(tables.userBiases, ds.users), same, nUsers) : null;
  const headUsers = head ? scatter(tables.rankingUserFactors, sideRows(tables.rankingUserFactors, ds.users), same, nUsers) : null;

  // the items the model can score: those with factors (SVD: rating factors, or ranking-head factors
  // alone, as a trained SVD ranks an item with implicit events only), in file order
  const factored: number[] = [];
  const candidate = new Uint8Array(ds.nItems);
  for (const t of [I, svd ? tables.rankingItemFactors : undefined]) {
    for (let row = 0; t && row < t.ids.length; row++) {
      const i = ds.items.indexOf(t.ids[row]);
      if (i >= 0 && !candidate[i]) {
        candidate[i] = 1;
        factored.push(i);
      }
    }
  }
  const order = [...factored];
  for (let i = 0; i < ds.nItems; i++) if (!candidate[i]) order.push(i);
  const newIndex = new Int32Array(ds.nItems);
  order.forEach((i, p) => {
    newIndex[i] = p;
  });
  const m = factored.length;
  const itemBiasRows = sideRows(tables.itemBiases, ds.items);
  const headItemRows = sideRows(tables.rankingItemFactors, ds.items);
  /** SVD: items with rating factors ("trained"; the others have the baseline μ + b_u as their rating) */
  const rated = (target: (i: number) => number, n: number) => {
    const has = new Uint8Array(n);
    for (let i = 0; i < ds.nItems; i++) if (items.rowOf[i] >= 0 && target(i) >= 0) has[target(i)] = 1;
    return has;
  };

  /** the tables over an item index space: target(dataset item) → index there, or -1 */
  const tablesIn = (nItems: number, target: (i: number) => number): FactorTables => ({
    strategy,
    k,
    nUsers,
    nItems,
    userFactors,
    userHas,
    userBias,
    itemFactors: scatter(I, items.rowOf, target, nItems),
    itemHas: rated(target, nItems),
    itemBias: svd ? scatter(tables.itemBiases, itemBiasRows, target, nItems) : null,
    globalMean: svd ? (tables.globalMean ?? 0) : 0,
    head: head ? { k: hk, userFactors: headUsers!, itemFactors: scatter(tables.rankingItemFactors, headItemRows, target, nItems) } : null,
    params,
  });
  const scale = { minRating: ds.minRating, maxRating: ds.maxRating };

  options.onProgress?.('evaluating on the held-out 20%');
  const split = userHoldout(ds, { fraction: HOLDOUT_FRACTION, seed: options.seed });
  const evalModel = modelOfTables(
    tablesIn(ds.nItems, (i) => (candidate[i] ? i : -1)),
    seenFromDataset(split.train),
    { catalog: ds.nItems, ...scale },
  );
  const scores = await evaluateOnSplit(
    onlyFactoredItems(evalModel, candidate),
    split,
    { k: options.k, seed: options.seed },
    {
      fallback: () => fallbackEntry().create(),
    },
  );
  const metrics: MeasuredMetrics = { k: options.k, ...metricValues(scores), byHistory: scores.byHistory };

  options.onProgress?.('bundling');
  const served = modelOfTables(
    tablesIn(m, (i) => (candidate[i] ? newIndex[i] : -1)),
    renumberSeen(ds, newIndex),
    { catalog: ds.nItems, ...scale },
  );
  const artifact = encodeBundle({
    model: served,
    users: ds.users,
    items: new Vocabulary(order.map((i) => ds.items.idOf(i))),
    itemKeys: order.map((i) => data.catalog.itemKeys[i]),
    titles: order.map((i) => data.catalog.titles[i]),
    genres: order.map((i) => data.catalog.genres[i]),
  });
  return { artifact, metrics, params, users: users.report, items: items.report, seconds: (performance.now() - t0) / 1000 };
}
