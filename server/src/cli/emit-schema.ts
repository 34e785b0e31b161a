/** `npm run schema -w server`: writes server/schema.graphql from the code (committed; a test checks it matches). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { createSchema } from '../graphql/schema';
import { repoRoot } from '../paths';

export const SCHEMA_FILE = path.join(repoRoot(), 'server', 'schema.graphql');
export const HEADER = '# Generated from the TypeGraphQL code by `npm run schema -w server`. Do not edit by hand.\n\n';

export async function schemaSdl(): Promise<string> {
  return HEADER + printSchema(await createSchema()) + '\n';
}

if (require.main === module) {
  schemaSdl()
    .then((sdl) => {
      fs.writeFileSync(SCHEMA_FILE, sdl);
      process.stderr.write(`wrote ${SCHEMA_FILE}\n`);
    })
    .catch((e: unknown) => {
      process.stderr.write(`emit-schema failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    });
}
