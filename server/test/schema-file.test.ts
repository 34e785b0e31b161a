import fs from 'node:fs';
import { SCHEMA_FILE, schemaSdl } from '../src/cli/emit-schema';

describe('server/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema -w server` after changing types)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await schemaSdl());
  });
});
