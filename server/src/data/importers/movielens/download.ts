/**
 * `--download ml-latest-small`: fetch the GroupLens zip, unzip it with the system `unzip` (no zip
 * library in the stack), and check the extracted files. This machine has no internet, so every
 * failure ends in the same plain instructions for getting the files by hand.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const DOWNLOADABLE = {
  'ml-latest-small': {
    url: 'https://files.grouplens.org/datasets/movielens/ml-latest-small.zip',
    /**
     * SHA-256 of the extracted files, checked against a verified copy of the dataset (the archive's own
     * hash could not be checked offline, and GroupLens publishes only an MD5 of the zip).
     */
    sha256: {
      'ratings.csv': 'aa289ca83157595d0df6aea1be6a4ded676ddc4385472e8313a8ed9805352646',
      'movies.csv': '5a5f32dd9bb3797b8e728a1b98958789d2b13f294a69fdfbc5727f8a9611aa07',
    } as Record<string, string>,
  },
} as const;
export type DownloadableDataset = keyof typeof DOWNLOADABLE;

export class DownloadError extends Error {
  override name = 'DownloadError';
}

export function manualInstructions(name: DownloadableDataset, dest: string): string {
  return `to get the files by hand: download ${DOWNLOADABLE[name].url}, unzip it ` + `(unzip ${name}.zip -d ${dest}), then run: npm run import -- --data ${join(dest, name)}`;
}

export interface DownloadOptions {
  /** overrides the dataset's URL (tests serve a zip from loopback) */
  url?: string;
  /** overrides the expected file hashes (tests use their own tiny zip) */
  sha256?: Record<string, string>;
  timeoutMs?: number;
}

/** Downloads and unzips into dest; returns the folder holding the CSV files. */
export async function downloadMovieLens(name: DownloadableDataset, dest: string, opts: DownloadOptions = {}): Promise<string> {
  const spec = DOWNLOADABLE[name];
  const url = opts.url ?? spec.url;
  const fail = (what: string): never => {
    throw new DownloadError(`${what}; ${manualInstructions(name, dest)}`);
  };

  let bytes: Buffer = Buffer.alloc(0);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
    if (!res.ok) fail(`download of ${url} failed: HTTP ${res.status}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof DownloadError) throw e;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    fail(`could not download ${url} (${cause?.code ?? cause?.message ?? (e as Error).message})`);
  }

  mkdirSync(dest, { recursive: true });
  const zipFile = join(dest, `${name}.zip`);
  writeFileSync(zipFile, bytes);
  try {
    await promisify(execFile)('unzip', ['-o', '-q', zipFile, '-d', dest]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') fail(`downloaded ${zipFile}, but the \`unzip\` command is not installed (apt-get install unzip)`);
    fail(`could not unzip ${zipFile}: ${(err.stderr || err.message).trim()}`);
  }

  const dir = join(dest, name);
  for (const [file, expected] of Object.entries(opts.sha256 ?? spec.sha256)) {
    const path = join(dir, file);
    if (!existsSync(path)) fail(`${zipFile} has no ${name}/${file}`);
    const actual = await sha256(path);
    if (actual !== expected) fail(`${path} has SHA-256 ${actual}, expected ${expected} (a different or damaged release)`);
  }
  return dir;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')));
  });
}
