// Every migration, in order. Listed explicitly (not globbed) so the same list works compiled by tsc
// and under jest's transform.
import { InitialSchema1764400000000 } from './1764400000000-initial-schema';
import { ApiKeys1764400100000 } from './1764400100000-api-keys';
import { TrainingJobs1764400200000 } from './1764400200000-training-jobs';
import { RateLimitCounts1764401000000 } from './1764401000000-rate-limit-counts';
import { OwnCatalog1764402000000 } from './1764402000000-own-catalog';
import { Impressions1764403000000 } from './1764403000000-impressions';
import { Experiments1764403100000 } from './1764403100000-experiments';

export const migrations = [
  InitialSchema1764400000000,
  ApiKeys1764400100000,
  TrainingJobs1764400200000,
  RateLimitCounts1764401000000,
  OwnCatalog1764402000000,
  Impressions1764403000000,
  Experiments1764403100000,
];
