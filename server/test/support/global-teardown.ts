import type { EmbeddedPostgres } from '../../src/data/embedded-postgres';
import { removeDataDir } from './child-server';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__TASTEGRAPH_PG__ as { pg: EmbeddedPostgres; dir: string } | undefined;
  if (!state) return;
  await state.pg.stop();
  removeDataDir(state.dir);
}
