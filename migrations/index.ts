// Every migration, in order. Listed explicitly (not globbed) so the same list works compiled by tsc
// and under jest's transform.
import { InitialSchema1764400000000 } from './1764400000000-initial-schema';

export const migrations = [InitialSchema1764400000000];
