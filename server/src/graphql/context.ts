import type { Logger } from '../logger';
import type { Caller } from '../services/api-key.service';
import type { Services } from '../services/services';
import type { Loaders } from './loaders';

/** What every resolver gets: the request's loaders, the shared services, who is calling. */
export interface Context {
  requestId: string;
  logger: Logger;
  loaders: Loaders;
  services: Services;
  auth: {
    caller: Caller | null;
    /** a key was sent but is unknown, revoked or malformed */
    invalidKey: boolean;
  };
}
