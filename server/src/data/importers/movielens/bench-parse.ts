/**
 * Parser benchmark: `node server/dist/server/src/data/importers/movielens/bench-parse.js DIR`
 * times readMovieLens on a real folder; `… --synthetic 10000000` first writes an ml-10m-shaped
 * folder of that many random ratings into a temp dir (deleted afterwards). Prints seconds, ratings
 * per second and memory. A script, not a test: timings depend on the machine.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readMovieLens } from './parse';

async function writeSynthetic(ratings: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'movielens-bench-'));
  const movies = 10_681;
  let text = '';
  for (let m = 1; m <= movies; m++) text += `${m}::Movie ${m} (1995)::Drama|Comedy\n`;
  writeFileSync(join(dir, 'movies.dat'), text);
  const out = createWriteStream(join(dir, 'ratings.dat'));
  let seed = 1;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  for (let k = 0; k < ratings; k += 100_000) {
    let chunk = '';
    for (let j = k; j < Math.min(ratings, k + 100_000); j++) {
      chunk += `${1 + rand(71_567)}::${1 + rand(movies)}::${(1 + rand(10)) / 2}::${789_652_009 + rand(441_479_727)}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return dir;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const synthetic = args[0] === '--synthetic' ? Number(args[1]) : 0;
  const dir = synthetic > 0 ? await writeSynthetic(synthetic) : args[0];
  if (!dir) throw new Error('usage: bench-parse DIR | --synthetic N');
  try {
    for (let run = 1; run <= 3; run++) {
      const started = process.hrtime.bigint();
      const data = await readMovieLens(dir);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const mem = process.memoryUsage();
      console.log(
        `run ${run}: ${data.layout} ${data.ratings.count} ratings, ${data.movies.length} movies in ` +
          `${seconds.toFixed(2)} s (${Math.round(data.ratings.count / seconds / 1000)}k ratings/s); ` +
          `heap ${Math.round(mem.heapUsed / 1e6)} MB, typed arrays ${Math.round(mem.arrayBuffers / 1e6)} MB`,
      );
    }
  } finally {
    if (synthetic > 0) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
