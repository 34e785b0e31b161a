/**
 * Writes a model's tables in the format read-factor-file.ts reads, plus manifest.json. Numbers are
 * written with 9 significant digits, enough for every float32 to read back as exactly itself, so an
 * export imported again scores identically. Files are written under a temporary name and renamed at
 * the end, like `npm run export`: a failed export leaves no half-written table.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField } from '../../data/importers/generic/csv';
import { LineWriter } from '../../data/importers/generic/line-writer';
import { MANIFEST_FILE, type Manifest, type ModelFiles } from './manifest';
import type { TableKind } from './read-factor-file';

export type ModelFileFormat = 'csv' | 'jsonl';

export interface TableOut {
  key: keyof ModelFiles;
  kind: TableKind;
  /** values per row (the CSV header's f0…) */
  width: number;
  /** [external id, values] per row, in the order to write */
  rows: Iterable<[string, ArrayLike<number>]>;
}

const FILE_NAMES: Record<keyof ModelFiles, string> = {
  userFactors: 'user-factors',
  itemFactors: 'item-factors',
  userBiases: 'user-biases',
  itemBiases: 'item-biases',
  rankingUserFactors: 'ranking-user-factors',
  rankingItemFactors: 'ranking-item-factors',
};

/** shortest text of at most 9 significant digits: reads back to the same float32 */
export const float32Text = (x: number): string => String(Number(x.toPrecision(9)));

export async function writeModelFiles(
  dir: string,
  format: ModelFileFormat,
  manifest: Omit<Manifest, 'files'>,
  tables: TableOut[],
): Promise<{ manifest: Manifest; rows: Record<string, number> }> {
  mkdirSync(dir, { recursive: true });
  const files: Partial<ModelFiles> = {};
  const rows: Record<string, number> = {};
  const written: string[] = [];
  try {
    for (const t of tables) {
      const name = `${FILE_NAMES[t.key]}.${format}`;
      const partial = join(dir, `${name}.partial`);
      written.push(partial);
      const out = new LineWriter(partial);
      let n = 0;
      try {
        if (format === 'csv') {
          const width = t.kind === 'biases' ? 1 : t.width;
          const header = t.kind === 'biases' ? ['id', 'bias'] : ['id', ...Array.from({ length: width }, (_, f) => `f${f}`)];
          await out.write(`${header.join(',')}\n`);
        }
        for (const [id, values] of t.rows) {
          const nums = Array.from(values, float32Text);
          await out.write(
            format === 'csv'
              ? `${csvField(id)},${nums.join(',')}\n`
              : t.kind === 'biases'
                ? `{"id":${JSON.stringify(id)},"bias":${nums[0]}}\n`
                : `{"id":${JSON.stringify(id)},"factors":[${nums.join(',')}]}\n`,
          );
          n++;
        }
        await out.close();
      } catch (e) {
        out.destroy();
        throw e;
      }
      files[t.key] = name;
      rows[t.key] = n;
    }
    for (const t of tables) renameSync(join(dir, `${files[t.key]}.partial`), join(dir, files[t.key]!));
  } catch (e) {
    for (const p of written) rmSync(p, { force: true });
    throw e;
  }
  const full: Manifest = { ...manifest, files: files as ModelFiles };
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(full, null, 2)}\n`);
  return { manifest: full, rows };
}
