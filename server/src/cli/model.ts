/**
 * `npm run model -- import …` serves a model trained elsewhere (Spark MLlib's ALS, `implicit`,
 * Surprise…) from its factor tables: read and checked first, then aligned with the database's users
 * and items, measured on the held-out split and stored as a version through the activation policy, as
 * a training job's result is (training/import-model.ts, training/store-version.ts).
 * `npm run model -- export --version ID --out DIR` writes a stored ALS or SVD version as those tables.
 * Both use the database the server uses (embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set),
 * next to a running server too: an activation reaches its replicas through NOTIFY.
 * Exit codes: 0 done (an import kept inactive by the policy included), 1 failed (nothing stored or
 * written), 2 bad flags.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { startDatabase } from '../data/database';
import { ModelVersionRepository } from '../data/repositories/model-version.repository';
import { findStrategy } from '../engine/strategies/registry';
import type { FactorStrategy } from '../engine/strategies/mf/factor-tables';
import { createQuietLogger } from '../logger';
import { planExport } from '../training/export-model';
import { importFactorModel, type ImportTables, type SideReport } from '../training/import-model';
import { loadDataset } from '../training/load-dataset';
import { readManifest, type ModelFiles } from '../training/model-files/manifest';
import { readFactorTable, type TableKind } from '../training/model-files/read-factor-file';
import { writeModelFiles } from '../training/model-files/write-model-files';
import { storeVersion } from '../training/store-version';
import type { ImportCliIo } from './import';
import { MODEL_USAGE, ModelUsageError, parseModelArgs, type ModelArgs } from './model-args';

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** the whole CLI, callable in-process (tests pass captured io); resolves to the exit code */
export async function main(argv: string[], io: ImportCliIo): Promise<number> {
  let args: ModelArgs;
  let strategy: FactorStrategy | undefined;
  try {
    args = parseModelArgs(argv);
    if (args.mode === 'import' && args.strategy !== undefined) strategy = factorStrategy(args.strategy, '--strategy');
  } catch (e) {
    if (!(e instanceof ModelUsageError)) throw e;
    io.stderr(`model: ${e.message}\n${MODEL_USAGE}\n`);
    return 2;
  }
  if (args.mode === 'help') {
    io.stdout(`${MODEL_USAGE}\n`);
    return 0;
  }
  try {
    return args.mode === 'import' ? await runImport(args, strategy, io) : await runExport(args, io);
  } catch (e) {
    io.stderr(`model ${args.mode} failed: ${oneLine(e)}; nothing was ${args.mode === 'import' ? 'stored' : 'written'}\n`);
    return 1;
  }
}

function factorStrategy(name: string, where: string): FactorStrategy {
  const e = findStrategy(name);
  if (e?.name !== 'als' && e?.name !== 'svd') throw new ModelUsageError(`${where} is ALS or SVD (the strategies with factors), not "${name}"`);
  return e.name;
}

const TABLES: [keyof ModelFiles, TableKind, string][] = [
  ['userFactors', 'factors', '--user-factors'],
  ['itemFactors', 'factors', '--item-factors'],
  ['userBiases', 'biases', '--user-biases'],
  ['itemBiases', 'biases', '--item-biases'],
  ['rankingUserFactors', 'factors', '--ranking-user-factors'],
  ['rankingItemFactors', 'factors', '--ranking-item-factors'],
];

async function runImport(args: Extract<ModelArgs, { mode: 'import' }>, flagStrategy: FactorStrategy | undefined, io: ImportCliIo): Promise<number> {
  const started = Date.now();
  let files: Partial<ModelFiles>;
  let strategy: FactorStrategy;
  let globalMean = args.globalMean;
  let params = args.params;
  if (args.from !== undefined) {
    const m = readManifest(args.from);
    strategy = factorStrategy(m.strategy, `${args.from}/manifest.json's "strategy"`);
    files = m.files;
    globalMean = m.globalMean;
    params = { ...m.params, ...args.params };
  } else {
    strategy = flagStrategy!;
    files = args.files!;
  }
  // every file is read and checked before the database is touched
  const tables: ImportTables = { globalMean } as ImportTables;
  for (const [key, kind, flag] of TABLES) {
    const path = files[key];
    if (path === undefined) continue;
    io.stderr(`reading ${flag} ${path}\n`);
    tables[key] = await readFactorTable(path, kind, flag);
  }
  const config = loadConfig(io.env ?? process.env);
  const db = await startDatabase(config, createQuietLogger());
  try {
    await db.migrate();
    io.stderr('reading the database\n');
    const data = await loadDataset(db.pool);
    const imported = await importFactorModel(data, strategy, tables, params, {
      seed: config.trainingSeed,
      k: config.evalK,
      onProgress: (stage) => io.stderr(`${stage}\n`),
    });
    const absolute = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v && resolve(v)]));
    const { version, verdict } = await storeVersion(
      new ModelVersionRepository(db.dataSource),
      { metric: config.selectionMetric, tolerance: config.selectionTolerance },
      config.keepVersions,
      {
        strategy,
        params: {
          ...imported.params,
          imported: {
            files: absolute,
            ...(globalMean !== undefined ? { globalMean } : {}),
            users: imported.users,
            items: imported.items,
            evaluation:
              'the imported factors scored on the held-out 20% of the same split trained versions use; ' +
              'a model fit elsewhere on all the data has seen those interactions, so these metrics are optimistic',
          },
        },
        metrics: imported.metrics,
        artifact: imported.artifact,
        trainedSeconds: imported.seconds,
        dataSnapshotAt: data.snapshotAt,
        trainingJobId: null,
      },
    );
    const metric = config.selectionMetric;
    const value = imported.metrics[metric as keyof typeof imported.metrics];
    io.stdout(
      `imported ${strategy.toUpperCase()} as model version ${version.id} (k ${imported.params.factors}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${side(imported.users, 'user')}; ${side(imported.items, 'item')}; held-out ${metric} ${typeof value === 'number' ? value.toFixed(4) : 'n/a'}; ${verdict.reason}\n` +
        (verdict.activate ? '' : `activate it anyway with: mutation { activateModel(id: "${version.id}") { id active } }\n`),
    );
    return 0;
  } finally {
    await db.stop();
  }
}

function side(r: SideReport, noun: string): string {
  const parts = [`${r.used} ${noun}s with factors`];
  if (r.unknown)
    parts.push(
      `${r.unknown} unknown ${noun} id${r.unknown === 1 ? '' : 's'} skipped (${r.unknownSample.map((s) => JSON.stringify(s)).join(', ')}${r.unknown > r.unknownSample.length ? ', …' : ''})`,
    );
  if (r.missing)
    parts.push(`${r.missing} ${noun}${r.missing === 1 ? '' : 's'} of the database without factors (${noun === 'user' ? 'served by popularity' : 'never recommended by it'})`);
  return parts.join(', ');
}

async function runExport(args: Extract<ModelArgs, { mode: 'export' }>, io: ImportCliIo): Promise<number> {
  const config = loadConfig(io.env ?? process.env);
  const db = await startDatabase(config, createQuietLogger());
  try {
    await db.migrate();
    const versions = new ModelVersionRepository(db.dataSource);
    const [row] = await versions.byIds([args.version]);
    if (!row) throw new Error(`there is no model version ${args.version} (list them with { models { id strategy active } })`);
    const bytes = row.status === 'pruned' ? null : await versions.artifact(row.id);
    if (!bytes) throw new Error(`version ${row.id} has no artifact (status ${row.status}: pruned beyond MODEL_KEEP_VERSIONS)`);
    const plan = planExport(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { id: row.id, createdAt: row.createdAt });
    const { manifest, rows } = await writeModelFiles(args.out, args.format, plan.manifest, plan.tables);
    io.stdout(
      `exported ${manifest.strategy} version ${row.id} (k ${manifest.k}): ${rows.userFactors} users and ${rows.itemFactors} items with factors` +
        `${manifest.files.userBiases ? ', biases' : ''}${manifest.files.rankingUserFactors ? ', ranking head' : ''} to ${args.out}\n` +
        `import it with: npm run model -- import --from ${args.out}\n`,
    );
    return 0;
  } finally {
    await db.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`model failed: ${oneLine(e)}\n`);
      process.exitCode = 1;
    },
  );
}
