/**
 * `npm run generate:shop -- --out DIR [--seed 7] [--users 600] [--items 300] [--format csv|jsonl]`:
 * writes the synthetic shop (data/shop) as items, users, events and feedback-types files of the
 * generic import format, ready for `npm run import` and `npm run eval`.
 * Exit codes: 0 written, 1 failed, 2 bad flags.
 */
import { parseArgs } from 'node:util';
import { generateShop } from '../data/shop/generate-shop';
import { writeShop } from '../data/shop/write-shop';
import type { FileFormat } from '../data/importers/generic/rows';

export const GENERATE_SHOP_USAGE = 'usage: generate:shop --out DIR [--seed 7] [--users 600] [--items 300] [--format csv|jsonl]';

export interface GenerateShopIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {}

function whole(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got "${raw}"`);
  }
  return v;
}

export async function main(argv: string[], io: GenerateShopIo): Promise<number> {
  let out: string;
  let format: FileFormat;
  let options: { seed?: number; users?: number; items?: number };
  try {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
          out: { type: 'string' },
          seed: { type: 'string' },
          users: { type: 'string' },
          items: { type: 'string' },
          format: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (e) {
      throw new UsageError(
        String((e as Error).message)
          .split('\n')[0]
          .replace(/\. To specify a positional.*$/, ''),
      );
    }
    if (values.help) {
      io.stdout(`${GENERATE_SHOP_USAGE}\n`);
      return 0;
    }
    if (typeof values.out !== 'string' || values.out.trim() === '') throw new UsageError('--out DIR is required');
    out = values.out;
    const f = (values.format as string | undefined) ?? 'csv';
    if (f !== 'csv' && f !== 'jsonl') throw new UsageError(`--format is csv or jsonl, not "${f}"`);
    format = f;
    options = {
      seed: whole('seed', values.seed as string | undefined, 0, 2 ** 31 - 1),
      users: whole('users', values.users as string | undefined, 1, 10_000_000),
      items: whole('items', values.items as string | undefined, 1, 10_000_000),
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`generate:shop: ${e.message}\n${GENERATE_SHOP_USAGE}\n`);
    return 2;
  }
  try {
    const started = Date.now();
    const shop = generateShop(options);
    const written = await writeShop(shop, out, format);
    const { counts } = written;
    const kinds = Object.entries(counts.byKind)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    io.stdout(
      `wrote a shop of ${counts.items} products, ${counts.users} users and ${counts.events} events (${kinds}) ` +
        `to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${shop.options.seed})\n` +
        `next: npm run --silent eval -- --items ${written.files.items} --events ${written.files.events}\n` +
        `      npm run import -- --items ${written.files.items} --users ${written.files.users} --events ${written.files.events} --feedback-types ${written.files.feedbackTypes}\n`,
    );
    return 0;
  } catch (e) {
    io.stderr(`generate:shop failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
    return 1;
  }
}

if (require.main === module) {
  // main reports every failure itself, as a message and an exit code
  void main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((code) => {
    process.exitCode = code;
  });
}
